using KnowledgeBase.Data.Api;

namespace KnowledgeBase.Data.Tests;

public sealed class ClientChangeTests
{
    [Fact]
    public void Moving_from_one_client_to_another_or_to_none_says_what_the_integration_keeps()
    {
        Assert.Equal("Articles only Contoso could read are not withdrawn from what its integration already copied: have it sync again.",
            new ClientChange("Contoso", "Fabrikam").NotWithdrawn);
        Assert.NotNull(new ClientChange("Contoso", null).NotWithdrawn);
    }

    [Theory]
    [InlineData(null, "Contoso")]
    [InlineData(null, null)]
    [InlineData("Contoso", "contoso")]
    public void A_first_client_or_the_same_one_written_differently_keeps_nothing_another_could_not_read(string? previous, string? current)
    {
        Assert.Null(new ClientChange(previous, current).NotWithdrawn);
    }
}
