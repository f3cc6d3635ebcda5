using KnowledgeBase.Core.Articles;

namespace KnowledgeBase.Search.Sync;

/// <summary>
/// An article as the index needs it: the saved article (with its categories and tags) and its accountable owner
/// (Core.Owners.AccountableOwner; "" when unowned). <see cref="SearchDocument.From(IndexedArticle)"/> is the one mapping
/// to what the index holds, for production and the benchmark alike.
/// </summary>
public sealed record IndexedArticle(Article Article, string Owner);
