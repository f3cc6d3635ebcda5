using KnowledgeBase.Core.Articles;

namespace KnowledgeBase.Search.Tests;

/// <summary>A throwaway index in a temp folder with the search service over it.</summary>
internal sealed class TestIndex : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("kb-search-test-").FullName;

    public TestIndex(SynonymSet? synonyms = null, params SearchDocument[] docs)
        : this(synonyms, null, docs)
    {
    }

    public TestIndex(SynonymSet? synonyms, SearchIndexOptions? options, params SearchDocument[] docs)
    {
        Index = new SearchIndex(_folder, synonyms ?? SynonymSet.Empty, null, options);
        Service = new ArticleSearchService(Index);
        if (docs.Length > 0) Add(docs);
    }

    public SearchIndex Index { get; private set; }
    public ArticleSearchService Service { get; private set; }
    public string Folder => _folder;

    public void Add(params SearchDocument[] docs)
    {
        Index.Upsert(docs);
        Index.RefreshNow();
    }

    public SearchResults Search(string query, Func<SearchRequest, SearchRequest>? adjust = null)
    {
        var request = new SearchRequest { Query = query };
        return Service.Search(adjust is null ? request : adjust(request));
    }

    public IReadOnlyList<string> Ids(string query, Func<SearchRequest, SearchRequest>? adjust = null) =>
        Search(query, adjust).Hits.Select(h => h.Id).ToList();

    /// <summary>Closes and opens the index again from disk, like a process restart.</summary>
    public void Reopen(SearchIndexOptions? options = null)
    {
        Index.Dispose();
        Index = new SearchIndex(_folder, SynonymSet.Empty, null, options);
        Service = new ArticleSearchService(Index);
    }

    public void Dispose()
    {
        Index.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    public static SearchDocument Doc(string id, string title, string issue = "", string body = "", KcsState state = KcsState.NotValidated,
        Audience audience = Audience.Internal, string[]? categories = null, string[]? tags = null, string owner = "", int reuse = 0, string resolution = "") =>
        new(id, title, issue, "", resolution, "", body, tags ?? [], categories ?? [], state, audience, owner,
            new DateTime(2025, 1, 15, 0, 0, 0, DateTimeKind.Utc), reuse, 1);

    /// <summary>Unrelated articles so term statistics look like a real index (rare words stay rare).</summary>
    public static SearchDocument[] Filler(int count) =>
        Enumerable.Range(0, count).Select(i => Doc($"filler-{i}", $"Filler article {i} about printers and scanners",
            $"The printer queue {i} shows documents waiting. Users report the scanner is slow.",
            "Restart the spooler service and clear the queue. Check the network cable and the driver version.")).ToArray();
}
