using KnowledgeBase.Core.Articles;
using static KnowledgeBase.Search.Tests.TestIndex;

namespace KnowledgeBase.Search.Tests;

/// <summary>Ranking invariants: what must come first, what must not show.</summary>
public class RankingTests
{
    [Fact]
    public void Exact_match_beats_fuzzy_match()
    {
        using var index = new TestIndex(null, [.. Filler(20),
            Doc("fuzzy", "Mailbox migration stalls", "The migraton batch stalls at 90 percent."),
            Doc("exact", "Mailbox migration stalls", "The migration batch stalls at 90 percent.")]);
        Assert.Equal("exact", index.Ids("migration batch").First());
    }

    [Fact]
    public void Typo_still_finds_the_article()
    {
        using var index = new TestIndex(null, [.. Filler(20), Doc("sync", "OneDrive sync stopped", "Files are not syncing after the update.")]);
        Assert.Equal("sync", index.Ids("onedrvie synced stopped").First());
    }

    [Fact]
    public void Title_match_beats_body_match()
    {
        using var index = new TestIndex(null, [.. Filler(20),
            Doc("body", "Network drive disconnects", "Users also see the spooler crash on the print server."),
            Doc("title", "Spooler crash on the print server", "Users cannot print.")]);
        Assert.Equal("title", index.Ids("spooler crash").First());
    }

    [Fact]
    public void Wip_articles_are_found_by_default_and_archived_ones_only_when_asked_for()
    {
        using var index = new TestIndex(null, [
            Doc("live", "VPN tunnel drops", state: KcsState.Validated),
            Doc("draft", "VPN tunnel drops hourly", state: KcsState.Wip),
            Doc("old", "VPN tunnel drops daily", state: KcsState.Archived)]);
        Assert.Equal(["draft", "live"], index.Ids("vpn tunnel").Order());
        Assert.Equal(3, index.Ids("vpn tunnel", r => r with { States = [KcsState.Wip, KcsState.Validated, KcsState.Archived] }).Count);
        Assert.Equal(["old"], index.Ids("vpn tunnel", r => r with { States = [KcsState.Archived] }));
    }

    [Fact]
    public void A_wip_article_captured_at_intake_is_found_by_its_model_number()
    {
        using var index = new TestIndex(null, [.. Filler(30),
            SearchDocument.FromMarkdown("zebra", "Label printer Zebra ZD421 prints blank labels",
                "## Issue\nThe warehouse label printer prints blank labels.\n\n## Environment\n\n\n## Resolution\n\n\n## Cause\n", state: KcsState.Wip)]);
        Assert.Equal("zebra", index.Ids("zebra zd421").First());
        Assert.Equal("zebra", index.Ids("ZD421").First());
    }

    [Fact]
    public void On_a_tie_wip_ranks_below_not_validated_and_validated()
    {
        using var index = new TestIndex(null, [.. Filler(10),
            Doc("draft", "Teams camera not detected", "The camera is not detected in Teams.", state: KcsState.Wip),
            Doc("answered", "Teams camera not detected", "The camera is not detected in Teams."),
            Doc("trusted", "Teams camera not detected", "The camera is not detected in Teams.", state: KcsState.Validated)]);
        Assert.Equal(["trusted", "answered", "draft"], index.Ids("teams camera"));
    }

    [Fact]
    public void Customer_readers_never_find_wip_or_not_validated_articles_even_when_they_ask()
    {
        using var index = new TestIndex(null, [
            Doc("public", "VPN tunnel drops", state: KcsState.Validated, audience: Audience.Customer),
            Doc("draft", "VPN tunnel drops hourly", state: KcsState.Wip, audience: Audience.Customer),
            Doc("unconfirmed", "VPN tunnel drops daily", state: KcsState.NotValidated, audience: Audience.Customer)]);
        Assert.Equal(["public"], index.Ids("vpn tunnel", r => r with { Reader = KnowledgeBase.Core.Access.Reader.Customer(null) }));
        Assert.Empty(index.Ids("vpn tunnel", r => r with { Reader = KnowledgeBase.Core.Access.Reader.Customer(null), States = [KcsState.Wip, KcsState.NotValidated] }));
        var states = index.Search("vpn tunnel", r => r with { Reader = KnowledgeBase.Core.Access.Reader.Customer(null) }).Facets.States;
        Assert.Equal([new FacetValue("validated", 1)], states);
    }

    [Fact]
    public void Validated_and_reuse_break_ties_mildly()
    {
        using var index = new TestIndex(null, [.. Filler(10),
            Doc("plain", "Teams camera not detected", "The camera is not detected in Teams."),
            Doc("trusted", "Teams camera not detected", "The camera is not detected in Teams.", state: KcsState.Validated, reuse: 40)]);
        Assert.Equal("trusted", index.Ids("teams camera").First());
    }

    [Fact]
    public void Validated_and_reuse_do_not_override_a_clearly_better_match()
    {
        using var index = new TestIndex(null, [.. Filler(20),
            Doc("popular", "Teams meeting issues", "Various problems in meetings.", state: KcsState.Validated, reuse: 500),
            Doc("precise", "Teams camera not detected in meetings", "The USB camera is not detected by Teams in meetings.")]);
        Assert.Equal("precise", index.Ids("teams camera not detected").First());
    }

    [Fact]
    public void Customer_reader_never_sees_internal_articles_nor_counts_them_in_facets()
    {
        using var index = new TestIndex(null, [
            Doc("public", "Reset your password", state: KcsState.Validated, audience: Audience.Customer, categories: ["identity"], tags: ["password"], owner: "ana"),
            Doc("internal", "Reset a password for a locked admin", state: KcsState.Validated, audience: Audience.Internal, categories: ["admin"], tags: ["password", "internal-only"], owner: "ben")]);
        var results = index.Search("password reset", r => r with { Reader = KnowledgeBase.Core.Access.Reader.Customer(null) });
        Assert.Equal(["public"], results.Hits.Select(h => h.Id));
        Assert.Equal(1, results.TotalHits);
        Assert.Equal([new FacetValue("identity", 1)], results.Facets.Categories);
        Assert.DoesNotContain(results.Facets.Tags, t => t.Value == "internal-only");
        Assert.DoesNotContain(results.Facets.Owners, o => o.Value == "ben");
        Assert.DoesNotContain(index.Service.Similar("Reset a password", "locked admin", null, KnowledgeBase.Core.Access.Reader.Customer(null), 10), h => h.Audience == Audience.Internal);
        Assert.DoesNotContain(index.Service.SuggestForTicket("password", "locked admin reset", null, KnowledgeBase.Core.Access.Reader.Customer(null), 10).Hits, h => h.Audience == Audience.Internal);
    }

    [Fact]
    public void Filters_narrow_by_category_tag_and_owner()
    {
        using var index = new TestIndex(null, [
            Doc("a", "Printer offline", categories: ["printing"], tags: ["hp"], owner: "ana"),
            Doc("b", "Printer offline after update", categories: ["printing", "updates"], tags: ["canon"], owner: "ben"),
            Doc("c", "Printer offline on VPN", categories: ["network"], tags: ["hp", "vpn"], owner: "ana")]);
        Assert.Equal(["a", "b"], index.Ids("printer", r => r with { Categories = ["printing"] }).Order());
        Assert.Equal(["a", "c"], index.Ids("printer", r => r with { Tags = ["hp"] }).Order());
        Assert.Equal(["c"], index.Ids("printer", r => r with { Tags = ["hp", "vpn"] }));
        Assert.Equal(["b"], index.Ids("printer", r => r with { Owner = "ben" }));
        Assert.Empty(index.Ids("printer", r => r with { Categories = ["nope"] }));
    }
}
