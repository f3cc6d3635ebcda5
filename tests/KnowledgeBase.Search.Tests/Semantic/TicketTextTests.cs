using KnowledgeBase.Search.Semantic;

namespace KnowledgeBase.Search.Tests.Semantic;

public sealed class TicketTextTests
{
    [Fact]
    public void The_greeting_and_the_sign_off_with_a_name_and_title_are_not_part_of_the_problem()
    {
        var problem = TicketText.Problem(
            "Hi support, the Outlook add-in stopped loading today and says the mailbox is inactive. Would be great to have it back before my call. " +
            "Thanks, Marco Bianchi, Account Executive");

        Assert.Equal("the Outlook add-in stopped loading today and says the mailbox is inactive. Would be great to have it back before my call.", problem);
    }

    [Theory]
    [InlineData("Good morning, the scanner stopped emailing scans since Tuesday and the queue shows deferred jobs. Kind regards, Linda Osei, Operations")]
    [InlineData("Hi - the scanner stopped emailing scans since Tuesday and the queue shows deferred jobs. Cheers, Raj")]
    [InlineData("Hello team,\nthe scanner stopped emailing scans since Tuesday and the queue shows deferred jobs.\n\nRegards\nLinda\nOperations Manager")]
    public void Greetings_and_sign_offs_are_recognised_by_where_they_stand_and_how_they_start(string ticket)
    {
        Assert.Equal("the scanner stopped emailing scans since Tuesday and the queue shows deferred jobs.", TicketText.Problem(ticket));
    }

    [Fact]
    public void A_quoted_thread_below_the_message_is_an_earlier_message()
    {
        var problem = TicketText.Problem(
            "The VPN drops every hour again since the router was replaced, on every laptop in the office.\n\n" +
            "On Tue, 3 Mar 2026 at 10:02, Service Desk <desk@msp.example> wrote:\n> Please restart the router and tell us if the VPN still drops.");

        Assert.Equal("The VPN drops every hour again since the router was replaced, on every laptop in the office.", problem);
    }

    [Fact]
    public void Thanks_in_the_middle_of_the_story_stays()
    {
        const string ticket = "Thanks to the new firewall rules nobody can reach the intranet from the warehouse since Monday, every other site works " +
            "and the warehouse printers still print, but the handheld scanners cannot sync their orders either so picking is on paper now.";

        Assert.Equal(ticket, TicketText.Problem(ticket));
    }

    [Fact]
    public void A_short_ticket_is_never_cut_to_less_than_half()
    {
        Assert.Equal("Hi, printer broken. Thanks, Ann", TicketText.Problem("Hi, printer broken. Thanks, Ann"));
    }
}
