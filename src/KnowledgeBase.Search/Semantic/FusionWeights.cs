namespace KnowledgeBase.Search.Semantic;

/// <summary>
/// How much of a result's score comes from meaning (the rest from the lexical engine). Two questions decide it:
/// <list type="number">
/// <item>What does the query look like? A few words lean lexical, a sentence or a ticket leans semantic; codes,
/// identifiers and typos the lexical engine corrected pull back towards lexical, because an embedding knows neither
/// "0x80070005" from "0x80070057" nor a misspelt word from another word.</item>
/// <item>How strongly do its words match? When the best article holds the query's words — a quoted error message, a
/// symptom pasted from the article — its BM25 score per query word is high (15–20 on kb-eval's error and title
/// queries) and words alone decide; when the words match weakly (a user's own description, a ticket full of
/// greetings: under 4 per word) meaning gets the whole weight of step 1. In between, it is scaled linearly.</item>
/// </list>
/// The per-word strength is a query-performance predictor (the best match's score over the query's length): it does
/// not look at the expected answer, only at how well the lexical engine could read the query.
/// </summary>
public sealed record FusionWeights
{
    /// <summary>Weight of the semantic side for a query of <see cref="ShortWords"/> words or fewer.</summary>
    public float Short { get; init; } = 0.4f;
    /// <summary>Weight for a query of <see cref="LongWords"/> words or more (a ticket, an article's issue).</summary>
    public float Long { get; init; } = 0.6f;
    public int ShortWords { get; init; } = 3;
    public int LongWords { get; init; } = 12;
    /// <summary>The weight is multiplied by (1 − this × share of the query's words that are codes or identifiers).</summary>
    public float CodePenalty { get; init; } = 1.0f;
    /// <summary>… and by (1 − this × share of its words the index does not know).</summary>
    public float UnknownWordPenalty { get; init; } = 1.0f;

    /// <summary>Best lexical score per query word at or below which meaning gets its whole weight.</summary>
    public float WeakLexical { get; init; } = 4f;
    /// <summary>Best lexical score per query word at or above which words alone decide.</summary>
    public float StrongLexical { get; init; } = 12f;

    /// <summary>
    /// Similarities are scaled between this and the best candidate's: about the cosine of two unrelated IT texts for
    /// this model, so an article only as alike as any other gets nothing from meaning.
    /// </summary>
    public float SimilarityBaseline { get; init; } = 0.3f;

    /// <summary>
    /// An article found by meaning alone (no query word in it) must be at least this alike the query: below it a
    /// vector's nearest neighbours are noise, and a search that finds nothing must still say so.
    /// </summary>
    public float DenseOnlyFloor { get; init; } = 0.4f;

    /// <param name="bestLexical">The best lexical score among the candidates (0 when no article holds a query word).</param>
    public float For(QueryShape shape, float bestLexical)
    {
        var weight = For(shape);
        if (weight <= 0 || shape.ScoredWords <= 0) return weight;
        var perWord = bestLexical / shape.ScoredWords;
        var span = Math.Max(0.001f, StrongLexical - WeakLexical);
        return weight * Math.Clamp((StrongLexical - perWord) / span, 0f, 1f);
    }

    /// <summary>The weight from the query's shape alone (before looking at how strongly its words matched).</summary>
    public float For(QueryShape shape)
    {
        if (shape.Words == 0 || shape.Exact) return 0;
        var span = Math.Max(1, LongWords - ShortWords);
        var t = Math.Clamp((shape.Words - ShortWords) / (float)span, 0f, 1f);
        var weight = Short + (Long - Short) * t;
        weight *= Math.Max(0, 1 - CodePenalty * shape.Codes / (float)shape.Words);
        weight *= Math.Max(0, 1 - UnknownWordPenalty * shape.Unknown / (float)shape.Words);
        return Math.Clamp(weight, 0f, 1f);
    }
}
