namespace KnowledgeBase.Search.Semantic;

/// <summary>
/// The process's semantic step: the model (attached once it has loaded, in the background), every article's vector in
/// memory, and whether the step may join searches yet. Searches stay lexical until the model is loaded and the
/// backlog of articles to embed is done, and say so (<see cref="State"/>).
/// </summary>
public sealed class SemanticSearch : IDisposable
{
    private readonly Lock _cacheLock = new();
    private readonly Dictionary<string, LinkedListNode<(string Text, float[] Vector)>> _queryCache = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Text, float[] Vector)> _recency = new();
    private volatile ITextEmbedder? _embedder;
    private volatile bool _backlogDone;
    private volatile string? _failure;

    public SemanticSearch(SemanticOptions? options = null)
    {
        Options = options ?? new SemanticOptions();
        ModelKey = MiniLmEmbedder.KeyFor(Options.MaxPieces, Options.Precision);
        Vectors = new VectorIndex(MiniLmEmbedder.ModelDimensions);
    }

    public SemanticOptions Options { get; }

    /// <summary>The model and settings the stored vectors must have been made with.</summary>
    public string ModelKey { get; }

    public VectorIndex Vectors { get; }

    public ITextEmbedder? Embedder => _embedder;

    public SemanticState State =>
        !Options.Enabled ? SemanticState.Off
        : _failure is not null ? SemanticState.Failed
        : _embedder is null ? SemanticState.Loading
        : _backlogDone ? SemanticState.Active
        : SemanticState.Embedding;

    /// <summary>Why the model could not be loaded, when it could not.</summary>
    public string? Failure => _failure;

    /// <summary>True when settled searches fuse meaning with the lexical score.</summary>
    public bool IsActive => State == SemanticState.Active;

    public void Attach(ITextEmbedder embedder)
    {
        ArgumentNullException.ThrowIfNull(embedder);
        if (embedder.ModelKey != ModelKey) throw new ArgumentException($"the embedder is {embedder.ModelKey}, the store expects {ModelKey}", nameof(embedder));
        _embedder = embedder;
    }

    public void Fail(string reason) => _failure = reason;

    /// <summary>Called when every article has its vector (true), or when a new backlog starts (false).</summary>
    public void SetBacklogDone(bool done) => _backlogDone = done;

    /// <summary>The query's vector (recent queries are remembered: pages and repeated searches embed once).</summary>
    public float[]? EmbedQuery(string text, CancellationToken cancellationToken = default)
    {
        var embedder = _embedder;
        if (embedder is null) return null;
        var key = EmbeddingText.ForQuery(text);
        if (key.Length == 0) return null;
        if (Remembered(key) is { } known) return known;
        var vector = embedder.Embed(key, cancellationToken);
        Remember(key, vector);
        return vector;
    }

    /// <summary>
    /// Starts the query's vector on another thread (see <see cref="PendingQueryVector"/>); a remembered query costs
    /// nothing.
    /// </summary>
    public PendingQueryVector BeginQuery(string text)
    {
        var key = EmbeddingText.ForQuery(text);
        if (_embedder is null || key.Length == 0) return PendingQueryVector.Done(null);
        return Remembered(key) is { } known ? PendingQueryVector.Done(known) : PendingQueryVector.Start(token => EmbedQuery(text, token));
    }

    private float[]? Remembered(string key)
    {
        if (Options.QueryCacheEntries <= 0) return null;
        lock (_cacheLock)
        {
            if (!_queryCache.TryGetValue(key, out var node)) return null;
            _recency.Remove(node);
            _recency.AddFirst(node);
            return node.Value.Vector;
        }
    }

    private void Remember(string key, float[] vector)
    {
        if (Options.QueryCacheEntries <= 0) return;
        lock (_cacheLock)
        {
            if (_queryCache.ContainsKey(key)) return;
            _queryCache[key] = _recency.AddFirst((key, vector));
            while (_queryCache.Count > Options.QueryCacheEntries)
            {
                _queryCache.Remove(_recency.Last!.Value.Text);
                _recency.RemoveLast();
            }
        }
    }

    public void Dispose() => _embedder?.Dispose();
}

public enum SemanticState
{
    /// <summary>Switched off by configuration: lexical search only.</summary>
    Off,
    /// <summary>The model is loading: lexical search meanwhile.</summary>
    Loading,
    /// <summary>Articles are being embedded: lexical search until they all are.</summary>
    Embedding,
    /// <summary>Settled searches fuse meaning and words.</summary>
    Active,
    /// <summary>The model could not be loaded: lexical search only.</summary>
    Failed,
}
