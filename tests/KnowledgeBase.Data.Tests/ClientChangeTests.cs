using KnowledgeBase.Data.Api;

namespace KnowledgeBase.Data.Tests;

public sealed class ClientChangeTests
{
    [Fact]
    public void A_moved_webhook_is_told_what_it_was_sent_and_what_it_was_not()
    {
        Assert.Equal("2 articles only Contoso could read were sent as article.withdrawn to 1 webhook.",
            new ClientChange("Contoso", "Fabrikam", Withdrawn: 2, Told: 1).Notice);
        Assert.Equal("1 article only Contoso could read was not withdrawn from 1 webhook that does not listen for article.withdrawn: have it sync again.",
            new ClientChange("Contoso", null, Withdrawn: 1, NotListening: 1).Notice);
    }

    [Fact]
    public void A_moved_webhook_is_told_of_the_articles_that_came_into_its_sight()
    {
        Assert.Equal("2 articles only Fabrikam can read were sent as article.published to 1 webhook.",
            new ClientChange("Contoso", "Fabrikam", Published: 2, Announced: 1).Notice);
        Assert.Equal("1 article only Fabrikam can read came into its sight.", new ClientChange("Contoso", "Fabrikam", Published: 1).Notice);
    }

    [Fact]
    public void A_moved_key_says_its_feed_lists_no_client_change_after_what_its_webhooks_were_sent()
    {
        Assert.Equal("3 articles only Contoso could read were sent as article.withdrawn to 2 webhooks. They were not withdrawn from 1 webhook that does not " +
                     "listen for article.withdrawn: have it sync again. The key's changes feed (/changes) lists no client change: an integration that reads " +
                     "it should sync again.",
            new ClientChange("Contoso", "Fabrikam", Withdrawn: 3, Told: 2, NotListening: 1, ThroughKey: true).Notice);
        // A key without webhooks: what moved in or out of its sight, then the feed.
        Assert.Equal("1 article only Contoso could read left its sight; 2 articles only Fabrikam can read came into it. The key's changes feed (/changes) " +
                     "lists no client change: an integration that reads it should sync again.",
            new ClientChange("Contoso", "Fabrikam", Withdrawn: 1, Published: 2, ThroughKey: true).Notice);
    }

    [Theory]
    [InlineData(null, null, 0)]
    [InlineData("Contoso", "contoso", 2)]
    [InlineData("Contoso", "Fabrikam", 0)]
    public void The_same_client_written_differently_or_nothing_that_moved_in_or_out_of_sight_says_nothing(string? previous, string? current, int withdrawn)
    {
        Assert.Null(new ClientChange(previous, current, Withdrawn: withdrawn, Told: withdrawn, ThroughKey: true, Published: withdrawn, Announced: withdrawn).Notice);
    }
}
