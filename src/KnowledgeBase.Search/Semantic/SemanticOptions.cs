namespace KnowledgeBase.Search.Semantic;

/// <summary>
/// Settings of the semantic step (configuration section <c>Search:Semantic</c>). The fusion's weights are the
/// product's one configuration, chosen on the shared query sets (docs/semantic-search.md says how); they are options so
/// the benchmark can explore them.
/// </summary>
public sealed record SemanticOptions
{
    /// <summary>False: lexical search only, the model is never loaded and nothing is embedded.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Word pieces embedded per article and per query (the model's own limit is 512; 256 scored better).</summary>
    public int MaxPieces { get; init; } = MiniLmEmbedder.DefaultMaxPieces;

    /// <summary>
    /// How the model's weights are held: Int8 (default; about three times faster per query) or Float32 (as shipped).
    /// Changing it queues every article again (the vectors' model key names it).
    /// </summary>
    public ModelPrecision Precision { get; init; } = ModelPrecision.Int8;

    /// <summary>How many of the nearest articles by meaning join the lexical candidates.</summary>
    public int DenseCandidates { get; init; } = 64;

    /// <summary>Nearest articles looked at when filters (category, tag, owner, state) leave few of them visible.</summary>
    public int FilteredDenseCandidates { get; init; } = 400;

    /// <summary>
    /// Of those, how many that hold too few of the query's words to be lexical candidates are scored and fused, the
    /// nearest in meaning first. Each makes every term of the full lexical query leap to it in its posting list (at 100,000 articles,
    /// 64 of them cost 1–3 ms a search, as much as the rest of the step); more than a page of 10 did not change any
    /// shared query set's results.
    /// </summary>
    public int MeaningOnlyCandidates { get; init; } = 16;

    /// <summary>
    /// Query vectors remembered per process (pages, Back, a query typed again, an integration asking the same ticket
    /// subject): a repeated query costs no model run. 0 turns the memory off (the speed benchmark measures new queries).
    /// </summary>
    public int QueryCacheEntries { get; init; } = 1024;

    public FusionWeights Weights { get; init; } = new();

    /// <summary>The bar intake suggestions, likely duplicates and "see also" must clear.</summary>
    public RelevanceFloorOptions Floor { get; init; } = new();
}
