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
    public void A_moved_key_says_its_feed_lists_no_withdrawal_after_what_its_webhooks_were_sent()
    {
        Assert.Equal("3 articles only Contoso could read were sent as article.withdrawn to 2 webhooks. They were not withdrawn from 1 webhook that does not " +
                     "listen for article.withdrawn: have it sync again. They were not withdrawn from the key's changes feed (/changes), which lists no client " +
                     "change: an integration that reads it should sync again.",
            new ClientChange("Contoso", "Fabrikam", Withdrawn: 3, Told: 2, NotListening: 1, ThroughKey: true).Notice);
        Assert.Equal("1 article only Contoso could read was not withdrawn from the key's changes feed (/changes), which lists no client change: an integration " +
                     "that reads it should sync again.",
            new ClientChange("Contoso", "Fabrikam", Withdrawn: 1, ThroughKey: true).Notice);
    }

    [Theory]
    [InlineData(null, "Contoso", 0)]
    [InlineData(null, null, 0)]
    [InlineData("Contoso", "contoso", 2)]
    [InlineData("Contoso", "Fabrikam", 0)]
    public void A_first_client_the_same_one_written_differently_or_nothing_that_left_its_sight_says_nothing(string? previous, string? current, int withdrawn)
    {
        Assert.Null(new ClientChange(previous, current, Withdrawn: withdrawn, Told: withdrawn, ThroughKey: true).Notice);
    }
}
