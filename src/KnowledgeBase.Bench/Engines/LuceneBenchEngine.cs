using KnowledgeBase.Bench.Corpus;
using KnowledgeBase.Core.Changes;
using KnowledgeBase.Search;
using KnowledgeBase.Search.Semantic;
using KnowledgeBase.Search.Sync;
using Microsoft.Extensions.Logging.Abstractions;

namespace KnowledgeBase.Bench.Engines;

/// <summary>
/// The product's search engine under benchmark: the same <see cref="SearchIndex"/> and <see cref="ArticleSearchService"/>
/// the site uses, built by the site's rebuild path (<see cref="IndexSynchronizer"/>) from the articles production stores
/// (<see cref="ProductionCorpus"/>), with the default request
/// (snippets and facets off, as a list of ids is all the harness reads). <c>lucene</c> is what production serves by
/// default: the semantic step fused in, every article's vector loaded; <c>lexical</c> is the same engine with the
/// semantic step off (<c>Search:Semantic:Enabled=false</c>).
/// </summary>
public sealed class LuceneBenchEngine : IBenchEngine
{
    private readonly string _directory;
    private readonly SynonymSet _synonyms;
    private readonly SearchIndexOptions _options;
    private readonly bool _semantic;
    private readonly TextWriter _progress;
    private SearchIndexHost? _host;
    private SearchIndex? _index;
    private ArticleSearchService? _service;
    private SemanticSearch? _semanticSearch;

    /// <summary>The product configuration: a temp folder and the synonyms in content/synonyms.txt (found upwards from the working folder).</summary>
    public LuceneBenchEngine(bool semantic, TextWriter? progress = null, IndexDirectoryKind directory = IndexDirectoryKind.Paged)
        : this(null, LoadProductSynonyms(), SearchIndexOptions.Default with { Directory = directory }, semantic, progress)
    {
    }

    public LuceneBenchEngine(string? directory, SynonymSet? synonyms, SearchIndexOptions? options = null, bool semantic = false, TextWriter? progress = null)
    {
        _directory = directory ?? Path.Combine(Path.GetTempPath(), "kb-bench-lucene-" + Guid.NewGuid().ToString("N"));
        _synonyms = synonyms ?? SynonymSet.Empty;
        _options = options ?? SearchIndexOptions.Default;
        _semantic = semantic;
        _progress = progress ?? TextWriter.Null;
    }

    public string Name => _semantic ? EngineCatalog.Lucene : EngineCatalog.Lexical;

    public ArticleSearchService Service => _service ?? throw new InvalidOperationException("Build the engine first.");

    public void Build(IReadOnlyList<BenchArticle> articles)
    {
        ArgumentNullException.ThrowIfNull(articles);
        _host?.Dispose();
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
        var production = ProductionCorpus.Of(articles);
        // Production's one rebuild path: the index sync, here fed the corpus instead of the database's change feed.
        _host = new SearchIndexHost(_directory, () => _synonyms, _options);
        var sync = new IndexSynchronizer(_host, new BenchArticleFeed(production.Select(a => a.Indexed)), new ChangeSignal(), TimeProvider.System,
            NullLogger<IndexSynchronizer>.Instance);
        sync.SyncOnceAsync().GetAwaiter().GetResult();
        _index = _host.Index ?? throw new InvalidOperationException("The index sync built no index.");
        if (_semantic)
        {
            // Every query is measured as new: no remembered query vectors (nor, as always here, cached results).
            _semanticSearch = new SemanticSearch(new SemanticOptions { QueryCacheEntries = 0, Precision = VectorCache.Precision });
            foreach (var (id, vectors) in VectorCache.For(production, _progress)) _semanticSearch.Vectors.Set(id, vectors.Whole, vectors.Symptoms);
            _semanticSearch.Attach(new SharedEmbedder(VectorCache.Embedder));
            _semanticSearch.SetBacklogDone(true);
        }
        _service = new ArticleSearchService(_index, _semanticSearch);
    }

    /// <summary>The index's segments as searches see them (each costs every query term's lookup).</summary>
    public int Segments()
    {
        using var lease = (_index ?? throw new InvalidOperationException("Build the engine first.")).Acquire();
        return lease.Searcher.IndexReader.Leaves.Count;
    }

    /// <summary>
    /// The scan by meaning alone (the nearest articles to each query's vector, as a settled search asks for them), timed
    /// per query after every vector is made: p50 and p99 ms, the vectors held and how many nearest are asked for. Null without the step.
    /// </summary>
    public (double P50, double P99, int Vectors, int Nearest)? ScanTimes(IReadOnlyList<string> queries)
    {
        if (_semanticSearch is not { } semantic) return null;
        var vectors = queries.Select(q => semantic.EmbedQuery(q)).OfType<float[]>().ToList();
        var count = semantic.Options.DenseCandidates;
        foreach (var vector in vectors.Take(50)) semantic.Vectors.Nearest(vector, count);
        var milliseconds = new List<double>(vectors.Count);
        foreach (var vector in vectors)
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            semantic.Vectors.Nearest(vector, count);
            milliseconds.Add(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        return (Measurement.Percentile.NearestRank(milliseconds, 50), Measurement.Percentile.NearestRank(milliseconds, 99),
            semantic.Vectors.Count + semantic.Vectors.WithSymptoms, count);
    }

    public long IndexBytes() =>
        Directory.Exists(_directory) ? new DirectoryInfo(_directory).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length) : 0;

    public IReadOnlyList<string> Search(string query, int limit)
    {
        var results = Service.Search(new SearchRequest { Query = query, Limit = limit, Snippets = false, Facets = false });
        return results.Hits.Select(h => h.Id).ToList();
    }

    public IReadOnlyList<string> SuggestForTicket(string subject, string description, int limit) =>
        Service.SuggestForTicket(subject, description, null, KnowledgeBase.Core.Access.Reader.Internal, limit).Hits.Select(h => h.Id).ToList();

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
        _host?.Dispose();
        _host = null;
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

    /// <summary>The process's one model, lent to an engine without giving it the right to dispose it.</summary>
    private sealed class SharedEmbedder(ITextEmbedder inner) : ITextEmbedder
    {
        public string ModelKey => inner.ModelKey;
        public int Dimensions => inner.Dimensions;
        public float[] Embed(string text, CancellationToken cancellationToken = default) => inner.Embed(text, cancellationToken);
        public void Dispose() { }
    }
}
