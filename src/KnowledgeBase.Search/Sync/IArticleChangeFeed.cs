namespace KnowledgeBase.Search.Sync;

/// <summary>
/// What the index needs from the database, and nothing more (issue #15.3; OrchardCore's indexing tasks): a numbered
/// feed of changes, each naming an article whose indexed facts changed — its text, state, audience, categories or
/// tags (a new version), its accountable owner (a category re-owned, an owner claimed), its reuse count (a ticket link
/// added or removed) — and those facts for any article on request. Search owns this contract; Data implements it
/// over the change log, written in the same transaction as each change, so every node's index sees every change.
/// </summary>
public interface IArticleChangeFeed
{
    /// <summary>The newest sequence in the feed (0 when empty).</summary>
    Task<long> LatestAsync(CancellationToken cancellationToken = default);

    /// <summary>Changes with a sequence above <paramref name="after"/>, in sequence order, at most <paramref name="take"/>.</summary>
    Task<IReadOnlyList<ArticleChange>> ChangesAsync(long after, int take, CancellationToken cancellationToken = default);

    /// <summary>How many distinct articles changed after <paramref name="after"/>.</summary>
    Task<int> ChangedArticlesAsync(long after, CancellationToken cancellationToken = default);

    /// <summary>How many articles are live (not deleted).</summary>
    Task<int> LiveCountAsync(CancellationToken cancellationToken = default);

    /// <summary>The indexed facts of these articles; deleted or unknown ones are left out (the index drops them).</summary>
    Task<IReadOnlyList<IndexedArticle>> ArticlesAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken = default);

    /// <summary>Live articles with an id above <paramref name="afterId"/> (ordinal), in id order, at most <paramref name="take"/>: a rebuild's pages.</summary>
    Task<IReadOnlyList<IndexedArticle>> PageAsync(string? afterId, int take, CancellationToken cancellationToken = default);
}
