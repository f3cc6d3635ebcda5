using KnowledgeBase.Core.Articles;
using KnowledgeBase.Data.Indexing;

namespace KnowledgeBase.Data.Owners;

/// <summary>
/// When an article's accountable owner changes without a new version — its primary category was re-owned, or an
/// unclaimed owner became an account or a team — the change log gets an <see cref="ChangeType.OwnerChanged"/> row per
/// article in the same transaction, so every node's search index re-reads the owner within its usual lag.
/// </summary>
public static class OwnerChangeLog
{
    /// <summary>Rows for the live articles that follow these categories' owners: primary category among them and no explicit owner.</summary>
    public static Task<int> AddForCategoriesAsync(KnowledgeBaseDbContext db, IReadOnlyCollection<string> categoryIds, string actor, DateTime now, CancellationToken cancellationToken)
    {
        var ids = categoryIds.ToList();
        var articles = OwnerQueries.Owned(db, db.Articles.Where(a => a.DeletedAt == null && a.Owner == null))
            .Where(o => ids.Contains(o.PrimaryCategoryId!)).Select(o => o.Article);
        return AddAsync(db, articles, actor, now, cancellationToken);
    }

    /// <summary>Rows for the given articles (e.g. those whose explicit owner was an unclaimed name just assigned).</summary>
    public static Task<int> AddAsync(KnowledgeBaseDbContext db, IQueryable<Article> articles, string actor, DateTime now, CancellationToken cancellationToken) =>
        ArticleChangeRows.AddAsync(db, articles, ChangeType.OwnerChanged, actor, now, cancellationToken);
}
