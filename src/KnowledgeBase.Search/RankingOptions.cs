namespace KnowledgeBase.Search;

/// <summary>
/// The ranking knobs. The defaults are the product's one configuration, tuned on kb-eval; they exist as options so a
/// benchmark can explore them without a rebuild (none of them needs a reindex).
/// </summary>
public sealed record RankingOptions
{
    public float TitleWeight { get; init; } = 2.0f;
    public float IssueWeight { get; init; } = 1.5f;
    public float TextWeight { get; init; } = 1.0f;
    /// <summary>How much the weaker fields add to the best one for the same term (0: best field only).</summary>
    public float FieldTieBreaker { get; init; } = 0.5f;

    public float K1 { get; init; } = 1.2f;
    public float B { get; init; } = 0.75f;
    public float TitleB { get; init; } = 0.5f;

    /// <summary>Score × (matched query words / query words)^exponent: a soft AND.</summary>
    public float CoordExponent { get; init; } = 1.0f;

    /// <summary>Bonus weight of adjacent query words found as an indexed word pair (stop words between them allowed).</summary>
    public float ProximityWeight { get; init; } = 1.0f;

    /// <summary>Fuzzy alternatives count this much of an exact match (one edit, two edits).</summary>
    public float FuzzyOneEditWeight { get; init; } = 0.6f;
    public float FuzzyTwoEditsWeight { get; init; } = 0.35f;
    public int FuzzyMaxExpansions { get; init; } = 8;
    /// <summary>How many of those (closest first, then most used) also find candidates; all of them score.</summary>
    public int CandidateFuzzyExpansions { get; init; } = 3;
    /// <summary>Words found in at most this many articles also get fuzzy alternatives (absent words always do).</summary>
    public int FuzzyRareDocFreq { get; init; } = 2;
    public int FuzzyPrefixLength { get; init; } = 1;
    public int FuzzyMinLength { get; init; } = 4;
    /// <summary>Words at least this long may be two edits away.</summary>
    public int FuzzyTwoEditsMinLength { get; init; } = 7;

    public float SynonymWeight { get; init; } = 0.8f;

    /// <summary>
    /// Words found in more than this share of articles are "common": candidates are found by the rarer words and
    /// only scored with the common ones (1 disables the split).
    /// </summary>
    public float CandidateCommonRatio { get; init; } = 0.05f;
    /// <summary>Words in at most this many articles are never common, whatever the index size.</summary>
    public int CandidateMinDocFreq { get; init; } = 500;
    /// <summary>Weight of title matches when finding candidates (0: all-text field only).</summary>
    public float CandidateTitleWeight { get; init; } = 2.0f;
    /// <summary>How many of the best candidates the full ranking scores (at least offset + limit).</summary>
    public int CandidateCount { get; init; } = 64;

    /// <summary>Queries with more distinct words than this are read like ticket text: only the most informative words count.</summary>
    public int LongQueryThreshold { get; init; } = 12;
    public int LongQueryMaxTerms { get; init; } = 24;
    public int LongQueryMaxPairs { get; init; } = 12;
    /// <summary>In long queries, words in more than this share of articles are dropped.</summary>
    public float LongQueryMaxDocFreqRatio { get; init; } = 0.25f;

    public float PrefixWeight { get; init; } = 0.8f;
    public int PrefixMaxExpansions { get; init; } = 12;

    /// <summary>Validated articles score this much more (a mild preference, never enough to outrank a clearly better match).</summary>
    public float ValidatedBoost { get; init; } = 0.05f;
    /// <summary>WIP articles (found by default, so duplicates are avoided) score this much less: below an answered article on a tie.</summary>
    public float WipPenalty { get; init; } = 0.05f;
    /// <summary>Per natural-log unit of reuse count, capped by <see cref="MaxReuseBoost"/>.</summary>
    public float ReuseBoost { get; init; } = 0.02f;
    public float MaxReuseBoost { get; init; } = 0.08f;
}
