namespace KnowledgeBase.Search.Semantic;

/// <summary>
/// How much of a result's score comes from meaning (the rest from the lexical engine), by what the query looks like:
/// a few words lean lexical, a sentence or a ticket leans semantic; codes, identifiers and words the index does not
/// know (typos the lexical engine corrects) pull back towards lexical, because an embedding knows neither
/// "0x80070005" from "0x80070057" nor a misspelt word from another word.
/// </summary>
public sealed record FusionWeights
{
    /// <summary>Weight of the semantic side for a query of <see cref="ShortWords"/> words or fewer.</summary>
    public float Short { get; init; } = 0.3f;
    /// <summary>Weight for a query of <see cref="LongWords"/> words or more (a ticket, an article's issue).</summary>
    public float Long { get; init; } = 0.6f;
    public int ShortWords { get; init; } = 3;
    public int LongWords { get; init; } = 12;
    /// <summary>The weight is multiplied by (1 − this × share of the query's words that are codes or identifiers).</summary>
    public float CodePenalty { get; init; } = 1.0f;
    /// <summary>… and by (1 − this × share of its words the index does not know).</summary>
    public float UnknownWordPenalty { get; init; } = 1.0f;

    /// <summary>
    /// An article found by meaning alone (no query word in it) must be at least this alike the query: below it a
    /// vector's nearest neighbours are noise, and a search that finds nothing must still say so.
    /// </summary>
    public float DenseOnlyFloor { get; init; } = 0.45f;

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
