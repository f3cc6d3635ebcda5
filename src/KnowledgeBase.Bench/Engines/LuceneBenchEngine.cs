using KnowledgeBase.Search;

namespace KnowledgeBase.Bench.Engines;

/// <summary>
/// The product's search engine under benchmark: the same <see cref="SearchIndex"/> and <see cref="ArticleSearchService"/>
/// the site uses, with the default request (snippets and facets off, as a list of ids is all the harness reads).
/// </summary>
public sealed class LuceneBenchEngine : IBenchEngine
{
    private readonly string _directory;
    private readonly SynonymSet _synonyms;
    private readonly SearchIndexOptions _options;
    private SearchIndex? _index;
    private ArticleSearchService? _service;

    /// <summary>The product configuration: a temp folder and the synonyms in content/synonyms.txt (found upwards from the working folder).</summary>
    public LuceneBenchEngine()
        : this(null, LoadProductSynonyms(), null)
    {
    }

    public LuceneBenchEngine(string? directory, SynonymSet? synonyms, SearchIndexOptions? options = null)
    {
        _directory = directory ?? Path.Combine(Path.GetTempPath(), "kb-bench-lucene-" + Guid.NewGuid().ToString("N"));
        _synonyms = synonyms ?? SynonymSet.Empty;
        _options = options ?? SearchIndexOptions.Default;
    }

    public string Name => "lucene";

    public void Build(IReadOnlyList<BenchArticle> articles)
    {
        ArgumentNullException.ThrowIfNull(articles);
        _index?.Dispose();
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
        _index = new SearchIndex(_directory, _synonyms, logger: null, _options);
        // Sections are split by heading without rendering HTML (see SearchDocument.FromMarkdown): rendering and
        // sanitizing would cost more than the whole index build.
        _index.Rebuild(articles.Select(a => SearchDocument.FromMarkdown(a.Id, a.Title, a.Body)));
        _service = new ArticleSearchService(_index);
    }

    public long IndexBytes() =>
        Directory.Exists(_directory) ? new DirectoryInfo(_directory).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length) : 0;

    public IReadOnlyList<string> Search(string query, int limit)
    {
        var service = _service ?? throw new InvalidOperationException("Build the engine first.");
        var results = service.Search(new SearchRequest { Query = query, Limit = limit, Snippets = false, Facets = false });
        return results.Hits.Select(h => h.Id).ToList();
    }

    private static SynonymSet LoadProductSynonyms()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                var path = Path.Combine(folder.FullName, "content", "synonyms.txt");
                if (File.Exists(path)) return SynonymSet.Load(path);
            }
        }
        return SynonymSet.Empty;
    }

    public void Dispose()
    {
        _index?.Dispose();
        _index = null;
        try
        {
            if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless; failing the benchmark over it is not.
        }
    }
}
