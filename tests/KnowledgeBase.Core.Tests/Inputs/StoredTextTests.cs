using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Inputs;
using KnowledgeBase.Core.Tickets;

namespace KnowledgeBase.Core.Tests.Inputs;

public class StoredTextTests
{
    [Fact]
    public void A_nul_is_reported_with_its_line_and_column()
    {
        Assert.Null(StoredText.NulProblem("no nul here\nat all"));
        Assert.Equal("contains a NUL character (U+0000) at line 3, column 4, which cannot be stored: remove it", StoredText.NulProblem("one\ntwo\nthr\0ee"));
    }

    [Fact]
    public void An_article_with_a_nul_in_its_body_or_change_note_is_refused_whatever_the_database()
    {
        var errors = new ArticleEdit { Title = "Scanner offline", Body = "## Issue\nOff\0line", ChangeNote = "note\0" }.Validate();
        Assert.Equal("The text contains a NUL character (U+0000) at line 2, column 4, which cannot be stored: remove it.", errors["body"]);
        Assert.Contains("NUL", errors["changeNote"]);
    }

    [Theory]
    [InlineData("Outlook \u202Ekcol\u202C prompts for a password", "U+202E (right-to-left override) at position 9")]
    [InlineData("Out\u200Blook prompts for a password", "U+200B (zero-width space) at position 4")]
    [InlineData("VPN \u2066drops\u2069 hourly", "U+2066")]
    [InlineData("Tab\there", "U+0009 (a control character)")]
    public void A_title_that_reads_differently_from_what_it_says_is_refused_with_the_character_named(string title, string named)
    {
        var errors = new ArticleEdit { Title = title, Body = "b" }.Validate();
        Assert.Contains(named, errors["title"]);
    }

    [Theory]
    [InlineData("Outlook fragt nach dem Kennwort")]
    [InlineData("الطابعة لا تطبع")]
    [InlineData("\u200Fשגיאה 0x80070005")]
    [InlineData("Printer 👩\u200D💻 desk")]
    public void Right_to_left_text_marks_and_joiners_are_fine_in_titles(string title) =>
        Assert.False(new ArticleEdit { Title = title, Body = "b" }.Validate().ContainsKey("title"));

    [Fact]
    public void A_tag_longer_than_the_limit_is_refused_instead_of_cut()
    {
        var errors = new ArticleEdit { Title = "t", Body = "b", Tags = [new string('x', 300_000)] }.Validate();
        Assert.Contains("at most 50 characters", errors["tags"]);
        Assert.False(new ArticleEdit { Title = "t", Body = "b", Tags = [new string('x', 50)] }.Validate().ContainsKey("tags"));
    }

    [Fact]
    public void A_ticket_from_outside_the_accepted_dates_or_with_a_nul_in_its_text_is_refused()
    {
        var errors = new TicketUpsert
        {
            Key = new TicketKey("halo", "acme", "T-1"), Subject = "s", Description = "a\0b", OpenedAt = new DateTime(1, 1, 1, 0, 0, 0, DateTimeKind.Utc),
        }.Validate();
        Assert.Contains("1900-01-01", errors["openedAt"]);
        Assert.Contains("NUL", errors["description"]);
    }
}
