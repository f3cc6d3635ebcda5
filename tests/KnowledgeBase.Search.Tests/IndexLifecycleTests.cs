using static KnowledgeBase.Search.Tests.TestIndex;

namespace KnowledgeBase.Search.Tests;

/// <summary>Upsert, delete, commit data and reopening from disk.</summary>
public class IndexLifecycleTests
{
    [Fact]
    public void Upsert_replaces_an_article_with_the_same_id()
    {
        using var index = new TestIndex(null, Doc("a", "Old title about printers"));
        index.Add(Doc("a", "New title about scanners") with { Version = 2 });
        Assert.Equal(1, index.Index.DocumentCount);
        Assert.Empty(index.Ids("printers"));
        var hit = index.Search("scanners").Hits.Single();
        Assert.Equal(2, hit.Version);
        Assert.Equal("New title about scanners", hit.Title);
    }

    [Fact]
    public void Delete_removes_an_article()
    {
        using var index = new TestIndex(null, Doc("a", "Printer offline"), Doc("b", "Printer jammed"));
        index.Index.Delete("a");
        index.Index.RefreshNow();
        Assert.Equal(["b"], index.Ids("printer"));
        Assert.Equal(1, index.Index.DocumentCount);
    }

    [Fact]
    public void A_new_index_has_no_commit_data()
    {
        using var index = new TestIndex();
        Assert.Empty(index.Index.CommitData);
        Assert.Equal(0, index.Index.DocumentCount);
    }

    [Fact]
    public void Commit_data_and_documents_survive_a_reopen()
    {
        using var index = new TestIndex(null, Doc("a", "Printer offline"));
        index.Index.Commit(new Dictionary<string, string> { ["cursor"] = "42" });
        Assert.Equal("42", index.Index.CommitData["cursor"]);
        index.Add(Doc("b", "Printer jammed"));

        index.Reopen();

        Assert.Equal("42", index.Index.CommitData["cursor"]);
        Assert.Equal(2, index.Index.DocumentCount);
        Assert.Equal(["a", "b"], index.Ids("printer").Order());
    }

    [Fact]
    public void Writes_become_visible_without_an_explicit_refresh()
    {
        using var index = new TestIndex();
        index.Index.Upsert([Doc("a", "Printer offline")]);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (index.Ids("printer").Count == 0 && DateTime.UtcNow < deadline) Thread.Sleep(50);
        Assert.Equal(["a"], index.Ids("printer"));
    }

    [Fact]
    public void A_rebuild_page_is_indexed_as_the_sync_maps_it_and_committed_with_its_data()
    {
        using var index = new TestIndex();
        var body = "## Issue\nThe scanner is offline.\n\n## Resolution\nSee [the driver page](https://example.com/zqxdriver).";
        Core.Articles.Article Saved(string id, string title) => new() { Id = id, Title = title, Body = body, State = Core.Articles.KcsState.Validated };

        index.Index.AddNew([new KnowledgeBase.Search.Sync.IndexedArticle(Saved("n1", "Scanner offline"), "ana"), new KnowledgeBase.Search.Sync.IndexedArticle(Saved("n2", "Scanner jammed"), "")]);
        index.Index.Commit(new Dictionary<string, string> { ["cursor"] = "7" });
        index.Index.RefreshNow();

        Assert.Equal(2, index.Index.DocumentCount);
        Assert.Equal(["n1", "n2"], index.Ids("scanner").Order());
        Assert.Equal("ana", index.Search("scanner offline").Hits.First(h => h.Id == "n1").Owner);
        // The rendered text is indexed (a link's words), not the Markdown (its address).
        Assert.Equal(["n1", "n2"], index.Ids("driver page").Order());
        Assert.Empty(index.Ids("zqxdriver"));
        Assert.Equal("7", index.Index.CommitData["cursor"]);
    }

    [Fact]
    public void Hits_carry_the_article_metadata()
    {
        var updated = new DateTime(2025, 3, 4, 5, 6, 7, DateTimeKind.Utc);
        using var index = new TestIndex(null, new SearchDocument("a", "Printer offline", "", "", "", "", "", ["hp", "usb"], ["printing", "hardware"],
            Core.Articles.KcsState.Validated, Core.Articles.Audience.Customer, "ana", updated, 3, 5));
        var hit = index.Search("printer").Hits.Single();
        Assert.Equal(("a", "Printer offline", Core.Articles.KcsState.Validated, Core.Articles.Audience.Customer, "ana", 5, updated),
            (hit.Id, hit.Title, hit.State, hit.Audience, hit.Owner, hit.Version, hit.UpdatedAt));
        Assert.Equal(["printing", "hardware"], hit.Categories);
        Assert.Equal(["hp", "usb"], hit.Tags);
    }

    [Fact]
    public void From_article_splits_the_body_and_uses_the_category_owner()
    {
        var article = new Core.Articles.Article
        {
            Id = "vpn",
            Title = "VPN drops",
            Body = "Intro text.\n\n## Symptoms\n\nThe tunnel drops.\n\n## Resolution\n\nRenew the certificate.",
            Categories = [new Core.Articles.ArticleCategory { ArticleId = "vpn", CategoryId = "network", Position = 0 }],
        };
        var doc = SearchDocument.From(article, "ana");
        Assert.Equal("The tunnel drops.", doc.Issue);
        Assert.Equal("Renew the certificate.", doc.Resolution);
        Assert.Contains("Intro text.", doc.Body);
        Assert.DoesNotContain("tunnel", doc.Body);
        Assert.Equal("ana", doc.Owner);
        Assert.Equal(["network"], doc.Categories);
    }
}
