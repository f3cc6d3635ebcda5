namespace KnowledgeBase.Core.Semantic;

/// <summary>
/// One article's place in the embedding queue of one model, and then which text embedding is its vector. A row whose
/// <see cref="EmbeddedAt"/> is null, or whose <see cref="Version"/> is behind the article's, is waiting.
/// </summary>
public sealed class ArticleEmbedding
{
    public required string ArticleId { get; init; }
    public required string Model { get; init; }
    /// <summary>The article version this row is (or will be) the vector of.</summary>
    public int Version { get; set; }
    /// <summary>The <see cref="TextEmbedding"/> in use; null while queued.</summary>
    public string? ContentHash { get; set; }
    /// <summary>
    /// The <see cref="TextEmbedding"/> of the article's symptoms (title and Issue section), its second vector; "" when
    /// the article has no Issue section; null until computed (rows stored before symptom vectors are filled in then).
    /// </summary>
    public string? SymptomsHash { get; set; }
    /// <summary>UTC. When the article was (re)queued.</summary>
    public DateTime QueuedAt { get; set; }
    /// <summary>UTC. When the vector for <see cref="Version"/> was stored; null while queued.</summary>
    public DateTime? EmbeddedAt { get; set; }
    /// <summary>Failed attempts for this version (a text the model cannot take is retried a few times, then skipped).</summary>
    public int Attempts { get; set; }
    public string? LastError { get; set; }
}
