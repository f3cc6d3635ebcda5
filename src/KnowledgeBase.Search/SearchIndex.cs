using System.Collections.Concurrent;
using KnowledgeBase.Search.Analysis;
using KnowledgeBase.Search.Indexing;
using KnowledgeBase.Search.Querying;
using KnowledgeBase.Search.Sync;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Microsoft.Extensions.Logging;

namespace KnowledgeBase.Search;

/// <summary>
/// The process's one Lucene index: a single <see cref="IndexWriter"/> on an <see cref="NIOFSDirectory"/> (our paged
/// reader, or Lucene's own: <see cref="SearchIndexOptions.Directory"/>), a
/// <see cref="SearcherManager"/> that a background timer refreshes so writes become visible within
/// <see cref="SearchIndexOptions.MaxStaleness"/>, and a timer that commits pending writes in batches.
/// </summary>
/// <remarks>
/// NIOFSDirectory rather than FSDirectory.Open: the MMapDirectory that Open picks on Linux is several times slower under
/// concurrent search in Lucene.Net 4.8 (apache/lucenenet#1151). Commits fsync and are slow on .NET 8+
/// (apache/lucenenet#933), so they never happen per write; near-real-time readers come from the writer instead.
/// The refresher does what ControlledRealTimeReopenThread does but only when something was written and never during a
/// bulk load: every near-real-time reopen flushes the writer's buffers into a new small segment, and a reopen each
/// second during a rebuild made dozens of segments that then had to be merged, and slowed every search.
/// </remarks>
public sealed class SearchIndex : IDisposable
{
    private readonly FSDirectory _directory;
    private readonly IndexWriter _writer;
    private readonly SearcherManager _searcherManager;
    private readonly Timer _commitTimer;
    private readonly Timer _refreshTimer;
    private readonly ILogger<SearchIndex>? _logger;
    private readonly System.Threading.Lock _commitLock = new();
    private IReadOnlyDictionary<string, string> _commitData;
    private int _dirty;
    private int _unrefreshed;
    private int _bulkLoads;
    private bool _disposed;
    private volatile QueryContext _queryContext;

    public SearchIndex(string directoryPath, SynonymSet synonyms, ILogger<SearchIndex>? logger = null, SearchIndexOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directoryPath);
        Options = options ?? SearchIndexOptions.Default;
        _logger = logger;
        StemmingAnalyzer = new ItAnalyzer(stem: true);
        SpellAnalyzer = new ItAnalyzer(stem: false);
        IndexingAnalyzer = new ItAnalyzer(stem: true, bigrams: true, Options.MaxWordPairs);
        Similarity = new KbSimilarity(Options.Ranking);
        System.IO.Directory.CreateDirectory(directoryPath);
        _directory = Options.Directory == IndexDirectoryKind.NioFs
            ? new NIOFSDirectory(new DirectoryInfo(directoryPath))
            : new PositionalReadDirectory(new DirectoryInfo(directoryPath));

        // Word pairs go into the all-text field only: that is where candidates are found and proximity is scored.
        var analyzer = new PerFieldAnalyzerWrapper(StemmingAnalyzer, new Dictionary<string, Analyzer>
        {
            [SearchFields.Text] = IndexingAnalyzer,
            [SearchFields.Spell] = SpellAnalyzer,
        });
        var config = new IndexWriterConfig(ItAnalyzer.Version, analyzer)
        {
            OpenMode = OpenMode.CREATE_OR_APPEND,
            RAMBufferSizeMB = Options.RamBufferSizeMb,
            Similarity = Similarity,
            // Compound files would be read through Lucene's own slicer; separate files all go through our inputs.
            UseCompoundFile = false,
        };
        config.MergePolicy.NoCFSRatio = 0;
        if (logger is not null && logger.IsEnabled(LogLevel.Trace)) config.SetInfoStream(new LoggerInfoStream(logger));
        _writer = new IndexWriter(_directory, config);
        _commitData = new Dictionary<string, string>(_writer.CommitData ?? new Dictionary<string, string>());

        _searcherManager = new SearcherManager(_writer, applyAllDeletes: true, new KbSearcherFactory(Similarity));
        _refreshTimer = new Timer(_ => RefreshIfStale(), null, Options.MaxStaleness, Options.MaxStaleness);

        _queryContext = new QueryContext(synonyms ?? SynonymSet.Empty, StemmingAnalyzer);
        _commitTimer = new Timer(_ => CommitIfDirty(), null, Options.CommitInterval, Options.CommitInterval);
        _logger?.LogInformation("Search index opened at {Path} with {Count} documents, read by the {Directory} directory", directoryPath, DocumentCount,
            SearchIndexOptions.DirectoryName(Options.Directory));
    }

    public SearchIndexOptions Options { get; }

    /// <summary>The Lucene directory the index is read and written through (the kind <see cref="SearchIndexOptions.Directory"/> chose).</summary>
    internal FSDirectory IndexDirectory => _directory;

    public SynonymSet Synonyms => _queryContext.Synonyms;

    /// <summary>The change-log cursor (or anything else) stored with the last commit; empty for a new index.</summary>
    public IReadOnlyDictionary<string, string> CommitData
    {
        get { lock (_commitLock) return _commitData; }
    }

    /// <summary>Documents visible to searches (refreshed at most <see cref="SearchIndexOptions.MaxStaleness"/> ago).</summary>
    public int DocumentCount
    {
        get
        {
            using var lease = Acquire();
            return lease.Searcher.IndexReader.NumDocs;
        }
    }

    /// <summary>
    /// Every searchable document's id and article version, from doc values (a consistency check against the database:
    /// what this node's index holds after a crash or a catch-up).
    /// </summary>
    public IReadOnlyDictionary<string, int> DocumentVersions()
    {
        using var lease = Acquire();
        var versions = new Dictionary<string, int>(StringComparer.Ordinal);
        var scratch = new Lucene.Net.Util.BytesRef();
        foreach (var leaf in lease.Searcher.IndexReader.Leaves)
        {
            var reader = leaf.AtomicReader;
            var ids = reader.GetBinaryDocValues(SearchFields.IdValue);
            var numbers = reader.GetNumericDocValues(SearchFields.Version);
            if (ids is null) continue;
            var live = reader.LiveDocs;
            for (var doc = 0; doc < reader.MaxDoc; doc++)
            {
                if (live is not null && !live.Get(doc)) continue;
                ids.Get(doc, scratch);
                versions[scratch.Utf8ToString()] = (int)(numbers?.Get(doc) ?? 0);
            }
        }
        return versions;
    }

    /// <summary>Queries, highlighting: words only.</summary>
    internal ItAnalyzer StemmingAnalyzer { get; }
    /// <summary>The ranking fields: words and word pairs.</summary>
    internal ItAnalyzer IndexingAnalyzer { get; }
    internal ItAnalyzer SpellAnalyzer { get; }
    internal KbSimilarity Similarity { get; }
    internal QueryContext QueryContext => _queryContext;

    /// <summary>Adds or replaces documents by id. Visible to searches within the staleness bound, or after <see cref="RefreshNow"/>.</summary>
    public void Upsert(IEnumerable<SearchDocument> docs)
    {
        ArgumentNullException.ThrowIfNull(docs);
        foreach (var doc in docs)
        {
            _writer.UpdateDocument(new Term(SearchFields.Id, doc.Id), DocumentMapper.Map(doc));
            NoteWrite();
        }
    }

    public void Delete(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        _writer.DeleteDocuments(new Term(SearchFields.Id, id));
        NoteWrite();
    }

    /// <summary>
    /// Adds articles that are not in the index yet — a rebuild's pages, written into a new, empty index — mapping each
    /// with <see cref="SearchDocument.From(IndexedArticle)"/> and analysing it on every core (no delete by id per
    /// document, as <see cref="Upsert"/> does). The one rebuild path: <see cref="IndexSynchronizer"/> calls it for
    /// production and the benchmark alike. Call inside <see cref="BeginBulkLoad"/>, then <see cref="Commit"/> and
    /// <see cref="RefreshNow"/>.
    /// </summary>
    public void AddNew(IReadOnlyList<IndexedArticle> articles)
    {
        ArgumentNullException.ThrowIfNull(articles);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount };
        Parallel.For(0, articles.Count, parallel, i =>
        {
            _writer.AddDocument(DocumentMapper.Map(SearchDocument.From(articles[i])));
            NoteWrite();
        });
    }

    /// <summary>
    /// Until disposed, writes are not made visible or committed in the background and the writer buffers more in
    /// memory, so a bulk load (a rebuild) flushes a few large segments instead of one small one per second. Call
    /// <see cref="Commit"/> and <see cref="RefreshNow"/> after it.
    /// </summary>
    public IDisposable BeginBulkLoad()
    {
        if (Interlocked.Increment(ref _bulkLoads) == 1) _writer.Config.RAMBufferSizeMB = Math.Max(Options.RamBufferSizeMb, Options.BulkRamBufferSizeMb);
        return new BulkLoad(this);
    }

    private sealed class BulkLoad(SearchIndex index) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
            if (Interlocked.Decrement(ref index._bulkLoads) == 0) index._writer.Config.RAMBufferSizeMB = index.Options.RamBufferSizeMb;
        }
    }

    /// <summary>Makes every write so far visible to searches before returning.</summary>
    public void RefreshNow()
    {
        Volatile.Write(ref _unrefreshed, 0);
        _searcherManager.MaybeRefreshBlocking();
    }

    /// <summary>Commits now, storing <paramref name="userData"/> with the commit (pending timer commits keep it too).</summary>
    public void Commit(IReadOnlyDictionary<string, string> userData)
    {
        ArgumentNullException.ThrowIfNull(userData);
        lock (_commitLock)
        {
            var copy = new Dictionary<string, string>(userData);
            Interlocked.Exchange(ref _dirty, 0);
            _writer.SetCommitData(copy);
            _writer.Commit();
            _commitData = copy;
        }
    }

    public void ReloadSynonyms(SynonymSet synonyms) => _queryContext = new QueryContext(synonyms ?? SynonymSet.Empty, StemmingAnalyzer);

    internal SearcherLease Acquire() => new(_searcherManager);

    private void NoteWrite()
    {
        Volatile.Write(ref _dirty, 1);
        Volatile.Write(ref _unrefreshed, 1);
    }

    private void RefreshIfStale()
    {
        if (Volatile.Read(ref _bulkLoads) > 0 || Interlocked.Exchange(ref _unrefreshed, 0) == 0) return;
        try
        {
            if (!_searcherManager.MaybeRefresh()) Volatile.Write(ref _unrefreshed, 1);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            Volatile.Write(ref _unrefreshed, 1);
            _logger?.LogError(ex, "Search index refresh failed; retrying on the next tick");
        }
    }

    private void CommitIfDirty()
    {
        if (Volatile.Read(ref _dirty) == 0 || Volatile.Read(ref _bulkLoads) > 0) return;
        try
        {
            lock (_commitLock)
            {
                if (_disposed || Interlocked.Exchange(ref _dirty, 0) == 0) return;
                _writer.SetCommitData(new Dictionary<string, string>(_commitData));
                _writer.Commit();
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            Volatile.Write(ref _dirty, 1);
            _logger?.LogError(ex, "Search index commit failed; retrying on the next tick");
        }
    }

    public void Dispose()
    {
        lock (_commitLock)
        {
            if (_disposed) return;
            _disposed = true;
        }
        _commitTimer.Dispose();
        _refreshTimer.Dispose();
        var committed = false;
        try
        {
            lock (_commitLock)
            {
                _writer.SetCommitData(new Dictionary<string, string>(_commitData));
                _writer.Commit();
            }
            committed = true;
        }
        catch (IOException ex)
        {
            // The folder was deleted or the disk failed: this index is being replaced; close without committing.
            _logger?.LogWarning(ex, "Search index could not commit while closing; closing it without a commit");
        }
        _searcherManager.Dispose();
        if (committed) _writer.Dispose();
        else
        {
            try
            {
                _writer.Rollback();
            }
            catch (IOException ex)
            {
                // Rollback lists the (missing) folder to clean up; the writer is closed all the same.
                _logger?.LogDebug(ex, "Search index rollback could not clean its folder");
            }
        }
        _directory.Dispose();
        StemmingAnalyzer.Dispose();
        SpellAnalyzer.Dispose();
        IndexingAnalyzer.Dispose();
    }

    private sealed class KbSearcherFactory(KbSimilarity similarity) : SearcherFactory
    {
        public override IndexSearcher NewSearcher(IndexReader reader)
        {
            // Warm the typo vocabulary of new segments here, on the refresher, not in the first search that needs it.
            foreach (var leaf in reader.Leaves) WordVocabulary.Of(leaf.AtomicReader);
            return new StatisticsCachingSearcher(reader) { Similarity = similarity };
        }
    }

    /// <summary>
    /// Remembers each field's collection statistics: Lucene computes them for every term weight by building a
    /// merged view of all segments' fields (a concurrent dictionary, slices, per-segment term lists), hundreds of times
    /// per search, although they never change for one reader.
    /// </summary>
    private sealed class StatisticsCachingSearcher(IndexReader reader) : IndexSearcher(reader)
    {
        private readonly ConcurrentDictionary<string, CollectionStatistics> _statistics = new(StringComparer.Ordinal);

        public override CollectionStatistics CollectionStatistics(string field) =>
            _statistics.GetOrAdd(field, f => base.CollectionStatistics(f));
    }
}
