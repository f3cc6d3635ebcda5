using KnowledgeBase.Core.Access;
using KnowledgeBase.Core.Articles;
using static KnowledgeBase.Search.Tests.TestIndex;

namespace KnowledgeBase.Search.Tests;

/// <summary>
/// A ticket's client orders what is found and suggested for it (Core ClientPreference, docs/kcs.md "Clients"): the
/// client's relevant articles first, then the global ones, then other clients' (internal readers only); relevance order
/// inside each group; with no client, relevance alone.
/// </summary>
public class ClientRankingTests
{
    // The global article matches the ticket best: relevance alone puts it first.
    private static TestIndex Index() => new(null, [.. Filler(20),
        Doc("global", "VPN tunnel drops every hour", "The VPN tunnel drops every hour after the laptop sleeps; reconnecting helps.", state: KcsState.Validated, audience: Audience.Customer),
        Doc("fabrikam", "Fabrikam VPN tunnel drops", "The VPN tunnel drops every hour.", state: KcsState.Validated, audience: Audience.Customer) with { Clients = ["Fabrikam"] },
        Doc("contoso", "Contoso VPN tunnel drops", "The VPN tunnel drops every hour.", state: KcsState.Validated, audience: Audience.Customer) with { Clients = ["Contoso"] }]);

    private const string Subject = "VPN tunnel drops every hour";
    private const string Description = "Since Monday the VPN tunnel drops every hour after the laptop sleeps.";

    [Fact]
    public void Without_a_client_suggestions_follow_relevance_alone()
    {
        using var index = Index();
        var ids = index.Service.SuggestForTicket(Subject, Description, null, Reader.Internal, 10).Hits.Select(h => h.Id).ToList();
        Assert.Equal("global", ids[0]);
        Assert.Equal(["contoso", "fabrikam", "global"], ids.Where(i => !i.StartsWith("filler", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_ticket_of_contoso_gets_contosos_article_first_and_fabrikams_after_the_global_one()
    {
        using var index = Index();
        var ids = index.Service.SuggestForTicket(Subject, Description, null, Reader.Internal, 10, client: " contoso ").Hits.Select(h => h.Id).ToList();
        Assert.Equal(["contoso", "global", "fabrikam"], ids.Where(i => !i.StartsWith("filler", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_search_for_a_ticket_of_contoso_puts_contosos_article_first_and_fabrikams_after_the_global_one()
    {
        using var index = Index();
        // Relevance alone puts Fabrikam's shorter article ahead of the global one.
        var plain = index.Ids("vpn tunnel drops", r => r with { Limit = 30 }).ToList();
        Assert.True(plain.IndexOf("fabrikam") < plain.IndexOf("global"));

        var ids = index.Ids("vpn tunnel drops", r => r with { Client = "CONTOSO", Limit = 30 }).ToList();
        Assert.Equal("contoso", ids[0]);
        Assert.True(ids.IndexOf("fabrikam") > ids.IndexOf("global"));
    }

    [Fact]
    public void A_customer_reading_for_a_ticket_of_another_client_still_sees_only_its_own_and_global_articles()
    {
        using var index = Index();
        var ids = index.Service.SuggestForTicket(Subject, Description, null, Reader.Customer("Contoso"), 10, client: "Fabrikam").Hits.Select(h => h.Id).ToList();
        Assert.DoesNotContain("fabrikam", ids);
        Assert.Contains("contoso", ids);
    }
}
