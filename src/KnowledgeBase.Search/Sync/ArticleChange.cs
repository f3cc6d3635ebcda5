namespace KnowledgeBase.Search.Sync;

/// <summary>One entry of the <see cref="IArticleChangeFeed"/>: the article whose indexed facts changed at this sequence.</summary>
public readonly record struct ArticleChange(long Sequence, string ArticleId);
