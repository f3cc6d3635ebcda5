using KnowledgeBase.Core.Access;
using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Categories;
using KnowledgeBase.Core.Owners;
using KnowledgeBase.Core.Tickets;
using Microsoft.EntityFrameworkCore;

namespace KnowledgeBase.Data.Articles;

/// <summary>An article in a short list (the home page's recently updated and most reused).</summary>
public sealed record ArticleSummary(string Id, string Title, KcsState State, int ReuseCount, string? PrimaryCategory);

/// <summary>A ticket link of an article with the key that names its ticket.</summary>
public sealed record LinkedTicket(TicketLink Link, TicketKey Ticket);

/// <summary>
/// What the article page shows of an article the viewer may see: the article, its categories in the article's order,
/// its accountable owner (a reference; null when unowned) and the versions the viewer may read, newest first.
/// </summary>
public sealed record ArticlePageView(Article Article, IReadOnlyList<TicketCategory> Categories, string? AccountableOwner, IReadOnlyList<ArticleRevision> Revisions);

/// <summary>
/// The read side of articles for the site's pages (article page, home lists, titles of linked articles, the editor's
/// tag suggestions). Writes go through <see cref="ArticleStore"/>; who may see what is <see cref="AccessPolicy"/>'s to say.
/// </summary>
public sealed class ArticleReads(IDbContextFactory<KnowledgeBaseDbContext> contextFactory)
{
    /// <summary>The article page's data, or null when there is no such article or the viewer may not see it (the same answer: a customer is not told an internal article exists).</summary>
    public async Task<ArticlePageView?> PageAsync(string id, Viewer viewer, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var article = await LiveArticleLookup.FindAsync(db, id, cancellationToken);
        if (article is null || !viewer.MaySee(article)) return null;
        var ids = article.CategoryIds.ToList();
        var found = await db.Categories.AsNoTracking().Where(c => ids.Contains(c.Id)).ToListAsync(cancellationToken);
        var categories = ids.Select(i => found.FirstOrDefault(c => c.Id == i)).OfType<TicketCategory>().ToList();
        // Only the versions the reader may see: a customer never reads what the article said while it was internal.
        var revisions = (await db.ArticleRevisions.AsNoTracking().Where(r => r.ArticleId == id).OrderByDescending(r => r.Version).ToListAsync(cancellationToken))
            .Where(viewer.MaySee).ToList();
        return new ArticlePageView(article, categories, AccountableOwner.Of(article.Owner, categories.FirstOrDefault()?.Owner), revisions);
    }

    /// <summary>The <paramref name="count"/> most recently updated articles the viewer may see, archived ones left out.</summary>
    public Task<IReadOnlyList<ArticleSummary>> RecentlyUpdatedAsync(Viewer viewer, int count = 10, CancellationToken cancellationToken = default) =>
        ListAsync(viewer, q => q.OrderByDescending(a => a.UpdatedAt).ThenBy(a => a.Id), count, cancellationToken);

    /// <summary>The <paramref name="count"/> most reused articles the viewer may see, archived ones left out.</summary>
    public Task<IReadOnlyList<ArticleSummary>> MostReusedAsync(Viewer viewer, int count = 10, CancellationToken cancellationToken = default) =>
        ListAsync(viewer, q => q.OrderByDescending(a => a.ReuseCount).ThenByDescending(a => a.UpdatedAt), count, cancellationToken);

    private async Task<IReadOnlyList<ArticleSummary>> ListAsync(Viewer viewer, Func<IQueryable<Article>, IOrderedQueryable<Article>> order, int count,
        CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var visible = db.Articles.AsNoTracking().Where(viewer.VisibleArticles()).Where(a => a.State != KcsState.Archived);
        return await order(visible).Take(count)
            .Select(a => new ArticleSummary(a.Id, a.Title, a.State, a.ReuseCount, a.Categories.OrderBy(c => c.Position).Select(c => c.CategoryId).FirstOrDefault()))
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// The titles of these articles, for lists of a ticket's links (the service desk's data: empty for a viewer who may
    /// not see tickets). A deleted article keeps its title here: the link history still names it.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> LinkedTitlesAsync(IReadOnlyCollection<string> ids, Viewer viewer, CancellationToken cancellationToken = default)
    {
        if (ids.Count == 0 || !viewer.MaySeeTickets()) return new Dictionary<string, string>();
        var wanted = ids.Distinct(StringComparer.Ordinal).ToList();
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Articles.AsNoTracking().Where(a => wanted.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Title, cancellationToken);
    }

    /// <summary>The tickets an article is linked to (not removed), newest link first, for a viewer who may see tickets (else none).</summary>
    public async Task<IReadOnlyList<LinkedTicket>> LinkedTicketsAsync(string articleId, Viewer viewer, int limit = 100, CancellationToken cancellationToken = default)
    {
        if (!viewer.MaySeeTickets()) return [];
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var rows = await (from l in db.TicketLinks.AsNoTracking()
                          join t in db.Tickets.AsNoTracking() on l.TicketId equals t.Id
                          where l.ArticleId == articleId && l.RemovedAt == null
                          orderby l.Id descending
                          select new { Link = l, t.System, t.Instance, t.ExternalId })
            .Take(Math.Clamp(limit, 1, 500)).ToListAsync(cancellationToken);
        return rows.Select(r => new LinkedTicket(r.Link, new TicketKey(r.System, r.Instance, r.ExternalId))).ToList();
    }

    /// <summary>The tags articles use, alphabetically (the editor suggests them; tags are internal words, the editor an internal tool).</summary>
    public async Task<IReadOnlyList<string>> TagsInUseAsync(int limit = 500, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.ArticleTags.Select(t => t.Tag).Distinct().OrderBy(t => t).Take(limit).ToListAsync(cancellationToken);
    }
}
