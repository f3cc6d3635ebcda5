namespace KnowledgeBase.Search.Semantic;

/// <summary>
/// The embedding queue and the stored vectors, as the semantic step needs them (issue #15.3: Search owns the contract,
/// Data implements it over its tables). One node at a time fills and drains the queue (<see cref="EmbeddingWorker"/>,
/// under a lease); every node loads the vectors (<see cref="VectorFollower"/>). Vectors are keyed by model and text
/// hash, so a text embedded once — by any node, for any article or version — is never embedded again.
/// </summary>
public interface IEmbeddingStore
{
    /// <summary>Queues every live article whose vector for <paramref name="model"/> is missing or of an older version; returns how many.</summary>
    Task<int> EnqueueChangedAsync(string model, CancellationToken cancellationToken = default);

    /// <summary>The next articles to embed, first queued first.</summary>
    Task<IReadOnlyList<PendingEmbedding>> NextAsync(string model, int count, CancellationToken cancellationToken = default);

    /// <summary>Vectors already stored for these text hashes.</summary>
    Task<Dictionary<string, byte[]>> FindAsync(string model, IReadOnlyCollection<string> hashes, CancellationToken cancellationToken = default);

    /// <summary>Stores new vectors and points each article at its vector (unless the article moved on meanwhile).</summary>
    Task SaveAsync(string model, IReadOnlyList<ComputedEmbedding> done, CancellationToken cancellationToken = default);

    /// <summary>Counts a failed attempt; after a few the article is left out until its next version.</summary>
    Task RecordFailureAsync(string model, string articleId, string error, CancellationToken cancellationToken = default);

    Task<EmbeddingProgress> ProgressAsync(string model, CancellationToken cancellationToken = default);

    /// <summary>
    /// Vectors of articles embedded at or after <paramref name="since"/> (all when null), oldest first, a page at a time
    /// (<paramref name="afterId"/>: the last id of the previous page at the same instant).
    /// </summary>
    Task<IReadOnlyList<StoredVector>> EmbeddedSinceAsync(string model, DateTime? since, string? afterId, int take, CancellationToken cancellationToken = default);

    /// <summary>Ids of articles deleted since <paramref name="since"/>, whose vectors a node can forget.</summary>
    Task<IReadOnlyList<string>> DeletedSinceAsync(DateTime since, CancellationToken cancellationToken = default);
}
