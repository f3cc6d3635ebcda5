using KnowledgeBase.Core.Articles;
using static KnowledgeBase.Search.Tests.TestIndex;

namespace KnowledgeBase.Search.Tests;

/// <summary>The result cache answers repeated searches, but never with results older than the index or meant for another request.</summary>
public sealed class ResultCacheTests : IDisposable
{
    private readonly TestIndex _index = new(null, SearchIndexOptions.Default with { ResultCacheEntries = 3 },
        [Doc("kb-1", "Printer offline after the driver update", "The printer shows offline."),
         Doc("kb-2", "VPN drops every ten minutes", "The VPN client disconnects.", audience: Audience.Customer),
         Doc("kb-3", "Outlook keeps asking for the password", "Outlook prompts for credentials.")]);

    public void Dispose() => _index.Dispose();

    [Fact]
    public void A_repeated_search_on_an_unchanged_index_is_answered_from_the_cache()
    {
        var first = _index.Search("printer offline");
        Assert.Same(first, _index.Search("printer offline"));
    }

    [Fact]
    public void A_write_made_visible_empties_the_cache_so_the_new_article_is_found_at_once()
    {
        var before = _index.Search("printer offline");
        _index.Add(Doc("kb-4", "Printer offline on the second floor", "Another printer offline."));

        var after = _index.Search("printer offline");

        Assert.NotSame(before, after);
        Assert.Contains("kb-4", after.Hits.Select(h => h.Id));
        Assert.DoesNotContain("kb-4", before.Hits.Select(h => h.Id));
    }

    [Fact]
    public void A_synonyms_reload_empties_the_cache()
    {
        Assert.Empty(_index.Ids("logon"));
        _index.Index.ReloadSynonyms(SynonymSet.Parse("logon, credentials"));

        Assert.Equal(["kb-3"], _index.Ids("logon"));
    }

    [Fact]
    public void Requests_that_differ_in_any_field_do_not_share_results()
    {
        var internalReader = _index.Search("vpn drops");
        var customerReader = _index.Search("vpn drops", r => r with { Reader = KnowledgeBase.Core.Access.Reader.Customer(null) });
        var secondPage = _index.Search("vpn drops", r => r with { Offset = 1 });

        Assert.NotSame(internalReader, customerReader);
        Assert.NotSame(internalReader, secondPage);
        Assert.NotEqual(SearchKey(new SearchRequest { Query = "a", Tags = ["x|t1:y"] }), SearchKey(new SearchRequest { Query = "a", Tags = ["x", "y"] }));
        Assert.NotEqual(SearchKey(new SearchRequest { Query = "a", Owner = "" }), SearchKey(new SearchRequest { Query = "a" }));
        Assert.Equal(SearchKey(new SearchRequest { Query = "a", Tags = ["y", "x", "x"] }), SearchKey(new SearchRequest { Query = "a", Tags = ["x", "y"] }));
    }

    [Fact]
    public void A_customer_reader_never_gets_internal_articles_cached_for_an_internal_reader()
    {
        Assert.Contains("kb-1", _index.Ids("printer"));
        Assert.DoesNotContain("kb-1", _index.Ids("printer", r => r with { Reader = KnowledgeBase.Core.Access.Reader.Customer(null) }));
    }

    [Fact]
    public void The_least_recently_used_entry_leaves_when_the_cache_is_full()
    {
        var printer = _index.Search("printer");
        var vpn = _index.Search("vpn");
        _index.Search("outlook");
        Assert.Same(printer, _index.Search("printer")); // printer is now the most recent; vpn the least
        _index.Search("password");

        Assert.Same(printer, _index.Search("printer"));
        Assert.NotSame(vpn, _index.Search("vpn"));
    }

    [Fact]
    public void With_the_cache_off_every_search_runs()
    {
        using var index = new TestIndex(null, Doc("kb-1", "Printer offline", "The printer shows offline."));
        Assert.NotSame(index.Search("printer"), index.Search("printer"));
    }

    private static string SearchKey(SearchRequest request) => Querying.SearchResultCache.KeyOf(request);
}
