namespace KnowledgeBase.Search.Semantic;

/// <summary>
/// The bar a suggestion must clear (intake, "maybe this already exists", see also). With the semantic step: the
/// article must be about the same thing as the text — cosine at least <see cref="RelevanceFloorOptions.Similarity"/>,
/// an absolute measure that means the same for every ticket, which is what lets a list be empty — and hold its own
/// against the best suggestion (fused score at least <see cref="RelevanceFloorOptions.FusedRatio"/> of it). Without
/// it (switched off, loading): the lexical score at least <see cref="RelevanceFloorOptions.LexicalRatio"/> of the
/// best one's, which trims the tail but cannot tell that the best one is wrong too.
/// </summary>
internal sealed class RelevanceFloor(RelevanceFloorOptions options, IReadOnlyList<FusedHit> hits, bool semantic)
{
    private readonly float _bestFused = hits.Count == 0 ? 0 : hits.Max(h => h.Score);
    private readonly float _bestLexical = hits.Count == 0 ? 0 : hits.Max(h => h.Lexical);

    public bool Clears(FusedHit hit)
    {
        if (semantic && hit.Similarity is { } similarity)
            return similarity >= options.Similarity && hit.Score >= options.FusedRatio * _bestFused;
        // No vector (lexical only, or an article saved a moment ago): judged on its words.
        return _bestLexical > 0 && hit.Lexical >= options.LexicalRatio * _bestLexical;
    }
}
