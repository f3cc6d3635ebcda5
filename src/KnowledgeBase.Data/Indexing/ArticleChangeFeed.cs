using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Owners;
using KnowledgeBase.Search.Sync;
using Microsoft.EntityFrameworkCore;

namespace KnowledgeBase.Data.Indexing;

/// <summary>
/// The search index's <see cref="IArticleChangeFeed"/> over the change log (every row names an article whose indexed
/// facts changed: a version, a new accountable owner, a new reuse count; see <see cref="ArticleChangeRows"/>) and the
/// articles with their categories, tags and accountable owners, loaded in batches.
/// </summary>
public sealed class ArticleChangeFeed(IDbContextFactory<KnowledgeBaseDbContext> contextFactory) : IArticleChangeFeed
{
    public async Task<long> LatestAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.ChangeLog.MaxAsync(c => (long?)c.Sequence, cancellationToken) ?? 0;
    }

    public async Task<IReadOnlyList<ArticleChange>> ChangesAsync(long after, int take, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.ChangeLog.AsNoTracking().Where(c => c.Sequence > after).OrderBy(c => c.Sequence).Take(take)
            .Select(c => new { c.Sequence, c.ArticleId }).ToListAsync(cancellationToken);
        return rows.Select(r => new ArticleChange(r.Sequence, r.ArticleId)).ToList();
    }

    public async Task<int> ChangedArticlesAsync(long after, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.ChangeLog.Where(c => c.Sequence > after).Select(c => c.ArticleId).Distinct().CountAsync(cancellationToken);
    }

    public async Task<int> LiveCountAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Articles.CountAsync(a => a.DeletedAt == null, cancellationToken);
    }

    public async Task<IReadOnlyList<IndexedArticle>> ArticlesAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken = default)
    {
        if (ids.Count == 0) return [];
        var list = ids.ToList();
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var articles = await Loaded(db).Where(a => list.Contains(a.Id) && a.DeletedAt == null).ToListAsync(cancellationToken);
        return await WithOwnersAsync(db, articles, cancellationToken);
    }

    public async Task<IReadOnlyList<IndexedArticle>> PageAsync(string? afterId, int take, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var articles = await Loaded(db).Where(a => a.DeletedAt == null && (afterId == null || string.Compare(a.Id, afterId) > 0))
            .OrderBy(a => a.Id).Take(take).ToListAsync(cancellationToken);
        return await WithOwnersAsync(db, articles, cancellationToken);
    }

    /// <summary>An article with what the index holds of it besides its own columns.</summary>
    private static IQueryable<Article> Loaded(KnowledgeBaseDbContext db) =>
        db.Articles.AsNoTracking().Include(a => a.Categories).Include(a => a.Tags).AsSplitQuery();

    private static async Task<IReadOnlyList<IndexedArticle>> WithOwnersAsync(KnowledgeBaseDbContext db, List<Article> articles, CancellationToken cancellationToken)
    {
        if (articles.Count == 0) return [];
        var owners = await db.Categories.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Owner, StringComparer.Ordinal, cancellationToken);
        return articles.Select(a => new IndexedArticle(a, AccountableOwner.Of(a, owners) ?? "")).ToList();
    }
}
