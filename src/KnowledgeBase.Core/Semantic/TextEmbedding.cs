namespace KnowledgeBase.Core.Semantic;

/// <summary>
/// The vector a model gave one text, keyed by the model and the text's SHA-256: the same text is never embedded twice
/// by the same model, whatever article or version it belongs to, so an index rebuild or a new node recomputes nothing.
/// </summary>
public sealed class TextEmbedding
{
    /// <summary>The model and its settings (e.g. <c>all-MiniLM-L6-v2@24.9.52193/wp256</c>).</summary>
    public required string Model { get; init; }
    /// <summary>SHA-256 of the embedded text, lower-case hex.</summary>
    public required string ContentHash { get; init; }
    /// <summary>The vector as little-endian float32 values.</summary>
    public required byte[] Vector { get; init; }
    public DateTime CreatedAt { get; init; }
}
