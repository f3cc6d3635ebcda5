namespace KnowledgeBase.Search.Semantic;

/// <summary>Settings of <see cref="RelevanceFloor"/> (<c>Search:Semantic:Floor</c>); docs/semantic-search.md says how they were chosen.</summary>
public sealed record RelevanceFloorOptions
{
    /// <summary>Least cosine between the text and a suggested article.</summary>
    public float Similarity { get; init; } = 0.35f;
    /// <summary>Least fused score, as a share of the best suggestion's.</summary>
    public float FusedRatio { get; init; } = 0.6f;
    /// <summary>Least lexical score, as a share of the best, when there is no semantic step.</summary>
    public float LexicalRatio { get; init; } = 0.4f;
}
