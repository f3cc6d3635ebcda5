using Microsoft.Extensions.Logging;

namespace KnowledgeBase.Search.Sync;

/// <summary>
/// Owns this node's current index and swaps in a rebuilt one. Each build lives in its own folder
/// (<c>{root}/g{n}</c>); the file <c>CURRENT</c> names the one in use, so a rebuild writes aside while the old one serves,
/// and a crash mid-rebuild leaves the old one in place.
/// </summary>
public sealed partial class SearchIndexHost : IDisposable
{
    private const string CurrentFile = "CURRENT";
    private readonly string _root;
    private readonly Func<SynonymSet> _synonyms;
    private readonly SearchIndexOptions _options;
    private readonly ILoggerFactory? _loggerFactory;
    private readonly ILogger<SearchIndexHost> _logger;
    private readonly Lock _swapLock = new();
    private readonly List<(SearchIndex Index, string Folder)> _retired = [];
    private volatile Active? _active;
    private readonly Semantic.SemanticSearch? _semantic;

    /// <param name="semantic">The semantic step every index's search service fuses in (null: lexical only).</param>
    public SearchIndexHost(string root, Func<SynonymSet> synonyms, SearchIndexOptions? options = null, ILoggerFactory? loggerFactory = null,
        Semantic.SemanticSearch? semantic = null)
    {
        _semantic = semantic;
        _root = Path.GetFullPath(root);
        _synonyms = synonyms;
        _options = options ?? SearchIndexOptions.Default;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory?.CreateLogger<SearchIndexHost>() ?? Microsoft.Extensions.Logging.Abstractions.NullLogger<SearchIndexHost>.Instance;
        Directory.CreateDirectory(_root);
        OpenCurrent();
    }

    private sealed record Active(SearchIndex Index, ArticleSearchService Service, string Generation);

    /// <summary>The search service over the current index, or null while none is usable.</summary>
    public ArticleSearchService? Service => _active?.Service;

    public SearchIndex? Index => _active?.Index;

    /// <summary>The options every index this host opens is given (the directory kind, the result cache…).</summary>
    public SearchIndexOptions Options => _options;

    /// <summary>Why the last open failed, when it did.</summary>
    public string? OpenFailure { get; private set; }

    public string Root => _root;

    /// <summary>
    /// False when the current index's folder or its commit has vanished from disk (deleted by hand, a wiped volume): the
    /// open readers still serve from their file handles, but the next commit would fail, so the index must be rebuilt.
    /// </summary>
    public bool CurrentFolderIntact()
    {
        var active = _active;
        if (active is null) return true;
        var folder = Path.Combine(_root, active.Generation);
        return Directory.Exists(folder) && Directory.EnumerateFiles(folder, "segments_*").Any();
    }

    /// <summary>Creates an empty index in a new folder, for a rebuild; <see cref="Swap"/> makes it current.</summary>
    public (SearchIndex Index, string Generation) CreateNext()
    {
        var generation = $"g{DateTime.UtcNow:yyyyMMddHHmmssfff}";
        var folder = Path.Combine(_root, generation);
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        return (NewIndex(folder), generation);
    }

    /// <summary>Makes a rebuilt index current; the previous one is closed when the host next swaps or is disposed.</summary>
    public void Swap(SearchIndex index, string generation)
    {
        lock (_swapLock)
        {
            var temp = Path.Combine(_root, CurrentFile + ".tmp");
            File.WriteAllText(temp, generation);
            File.Move(temp, Path.Combine(_root, CurrentFile), overwrite: true);
            var previous = _active;
            _active = new Active(index, new ArticleSearchService(index, _semantic), generation);
            DisposeRetired();
            if (previous is not null) _retired.Add((previous.Index, Path.Combine(_root, previous.Generation)));
            LogSwapped(generation);
        }
        DeleteStrayFolders();
    }

    /// <summary>Re-reads the synonyms file into the current index; no reindex is needed.</summary>
    public void ReloadSynonyms() => _active?.Index.ReloadSynonyms(_synonyms());

    /// <summary>Closes and forgets the current index after it failed (corruption); search is unavailable until the next swap.</summary>
    public void Discard(string reason)
    {
        lock (_swapLock)
        {
            var previous = _active;
            _active = null;
            OpenFailure = reason;
            if (previous is not null) _retired.Add((previous.Index, Path.Combine(_root, previous.Generation)));
        }
    }

    private void OpenCurrent()
    {
        var currentPath = Path.Combine(_root, CurrentFile);
        if (!File.Exists(currentPath)) return;
        var generation = File.ReadAllText(currentPath).Trim();
        var folder = Path.Combine(_root, generation);
        if (generation.Length == 0 || generation.Contains('/') || generation.Contains("..", StringComparison.Ordinal) || !Directory.Exists(folder))
        {
            OpenFailure = $"the index folder '{generation}' named in {CurrentFile} is missing";
            return;
        }
        try
        {
            var index = NewIndex(folder);
            _active = new Active(index, new ArticleSearchService(index, _semantic), generation);
        }
        catch (Exception ex) when (ex is IOException or Lucene.Net.Index.CorruptIndexException or Lucene.Net.Index.IndexFormatTooOldException
                                       or Lucene.Net.Index.IndexFormatTooNewException or UnauthorizedAccessException
                                       or Lucene.Net.Store.LockObtainFailedException || ex.GetType().Name.Contains("Corrupt", StringComparison.Ordinal))
        {
            OpenFailure = $"the index in '{generation}' could not be opened: {ex.Message}";
            LogOpenFailed(ex, generation);
        }
    }

    private SearchIndex NewIndex(string folder) =>
        new(folder, _synonyms(), _loggerFactory?.CreateLogger<SearchIndex>(), _options);

    private void DisposeRetired()
    {
        foreach (var (index, folder) in _retired)
        {
            index.Dispose();
            TryDelete(folder);
        }
        _retired.Clear();
    }

    private void DeleteStrayFolders()
    {
        var keep = new HashSet<string>(StringComparer.Ordinal) { _active?.Generation ?? "" };
        foreach (var (_, folder) in _retired) keep.Add(Path.GetFileName(folder));
        foreach (var dir in Directory.EnumerateDirectories(_root))
        {
            if (!keep.Contains(Path.GetFileName(dir))) TryDelete(dir);
        }
    }

    private void TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogDeleteFailed(folder, ex.Message);
        }
    }

    public void Dispose()
    {
        lock (_swapLock)
        {
            foreach (var (index, _) in _retired) index.Dispose();
            _retired.Clear();
            _active?.Index.Dispose();
            _active = null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Search index {Generation} is now current")]
    private partial void LogSwapped(string generation);

    [LoggerMessage(Level = LogLevel.Error, Message = "Search index {Generation} could not be opened; it will be rebuilt from the database")]
    private partial void LogOpenFailed(Exception exception, string generation);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not delete the old index folder {Folder}: {Reason}")]
    private partial void LogDeleteFailed(string folder, string reason);
}
