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
    public float[]? EmbedQuery(string text)
    {
        var embedder = _embedder;
        if (embedder is null) return null;
        var key = EmbeddingText.ForQuery(text);
        if (key.Length == 0) return null;
        if (Options.QueryCacheEntries <= 0) return embedder.Embed(key);
        lock (_cacheLock)
        {
            if (_queryCache.TryGetValue(key, out var node))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                return node.Value.Vector;
            }
        }
        var vector = embedder.Embed(key);
        lock (_cacheLock)
        {
            if (!_queryCache.ContainsKey(key))
            {
                _queryCache[key] = _recency.AddFirst((key, vector));
                while (_queryCache.Count > Options.QueryCacheEntries)
                {
                    _queryCache.Remove(_recency.Last!.Value.Text);
                    _recency.RemoveLast();
                }
            }
        }
        return vector;
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
