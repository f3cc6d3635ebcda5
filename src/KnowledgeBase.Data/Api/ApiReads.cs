using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Categories;
using KnowledgeBase.Core.Owners;
using KnowledgeBase.Core.Tickets;
using Microsoft.EntityFrameworkCore;

namespace KnowledgeBase.Data.Api;

/// <summary>An article row of <c>GET /articles</c>, with its accountable owner as the API names it (<see cref="ApiReads.OwnerName"/>).</summary>
public sealed record ArticleSummary(Article Article, string? Owner);

/// <summary>A ticket link with the ticket's PSA key.</summary>
public sealed record LinkView(TicketLink Link, TicketKey Ticket);

/// <summary>A change-log row as one reader hears it: the change, or the withdrawal of an article it heard of (<see cref="Core.Access.ChangeHeard"/>).</summary>
public sealed record HeardChange(ChangeLogEntry Entry, bool Withdrawn);

/// <summary>
/// The read side of the API that the article store and the ledger do not offer: keyset-paged lists, the change feed,
/// links with their tickets' keys. Every read takes the reader's audience: a Customer reader's queries never touch an
/// Internal article's row.
/// </summary>
public sealed class ApiReads(IDbContextFactory<KnowledgeBaseDbContext> contextFactory, TimeProvider clock, Owners.OwnerDirectory owners)
{
    /// <summary>Categories change rarely and every article read needs its owner: a short cache saves a round trip per read.</summary>
    public static readonly TimeSpan CategoryCacheTime = TimeSpan.FromSeconds(10);
    private volatile CategorySnapshot? _categories;

    private sealed record CategorySnapshot(IReadOnlyList<TicketCategory> Categories, Dictionary<string, string> Owners, DateTime LoadedAt);

    /// <summary>The categories as of at most <see cref="CategoryCacheTime"/> ago.</summary>
    public async Task<IReadOnlyList<TicketCategory>> CategoriesCachedAsync(CancellationToken cancellationToken = default) =>
        (await SnapshotAsync(cancellationToken)).Categories;

    private async Task<CategorySnapshot> SnapshotAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (_categories is { } snapshot && now - snapshot.LoadedAt < CategoryCacheTime) return snapshot;
        var categories = await CategoriesAsync(cancellationToken);
        snapshot = new CategorySnapshot(categories, categories.ToDictionary(c => c.Id, c => c.Owner, StringComparer.Ordinal), now);
        _categories = snapshot;
        return snapshot;
    }

    /// <summary>Articles ordered by (UpdatedAt, Id) after the keyset position; deleted ones are not listed (see the change feed).</summary>
    public async Task<IReadOnlyList<ArticleSummary>> ArticlesAsync(Core.Access.Reader reader, DateTime? updatedSince, string? category, KcsState? state,
        (DateTime UpdatedAt, string Id)? after, int limit, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        IQueryable<Article> query = db.Articles.AsNoTracking().Where(Core.Access.AccessPolicy.VisibleArticles(reader));
        if (updatedSince is { } since) query = query.Where(a => a.UpdatedAt >= since);
        if (state is { } s) query = query.Where(a => a.State == s);
        if (!string.IsNullOrEmpty(category)) query = query.Where(a => a.Categories.Any(c => c.CategoryId == category));
        if (after is { } position)
            query = query.Where(a => a.UpdatedAt > position.UpdatedAt || (a.UpdatedAt == position.UpdatedAt && string.Compare(a.Id, position.Id) > 0));
        var articles = await query.OrderBy(a => a.UpdatedAt).ThenBy(a => a.Id).Take(limit)
            .Include(a => a.Categories).Include(a => a.Tags).AsSplitQuery().ToListAsync(cancellationToken);
        var categoryOwners = (await SnapshotAsync(cancellationToken)).Owners;
        var entries = await owners.EntriesAsync(cancellationToken);
        return articles.Select(a => new ArticleSummary(a, OwnerName(entries, AccountableOwner.Of(a, categoryOwners)))).ToList();
    }

    /// <summary>The article's accountable owner as the API names it (<see cref="OwnerName"/>); null when unowned.</summary>
    public async Task<string?> OwnerOfAsync(Article article, CancellationToken cancellationToken = default) =>
        OwnerName(await owners.EntriesAsync(cancellationToken), AccountableOwner.Of(article, (await SnapshotAsync(cancellationToken)).Owners));

    /// <summary>
    /// An owner as the API reads and writes it: a user's e-mail, a team's name, or an unclaimed owner's name — each of
    /// which the API accepts back as an owner.
    /// </summary>
    public static string? OwnerName(IReadOnlyDictionary<string, Owners.OwnerEntry> entries, string? ownerRef) =>
        ownerRef is null ? null
        : entries.TryGetValue(ownerRef, out var entry) ? entry.InputName
        : OwnerRef.Parse(ownerRef)?.Kind == OwnerKind.Unclaimed ? ownerRef : null;

    /// <summary>The categories with each owner as the API names it.</summary>
    public async Task<IReadOnlyList<(TicketCategory Category, string? Owner)>> CategoriesWithOwnersAsync(CancellationToken cancellationToken = default)
    {
        var categories = await CategoriesAsync(cancellationToken);
        var entries = await owners.EntriesAsync(cancellationToken);
        return categories.Select(c => (c, OwnerName(entries, c.Owner))).ToList();
    }

    /// <summary>
    /// Change-log rows after <paramref name="afterSequence"/> as the reader hears them
    /// (<see cref="Core.Access.AccessPolicy.HearingOf"/>): a Customer reader hears the changes that left a Customer article
    /// in its client scope, no owner changes, and once a withdrawal when an article it heard of leaves its sight.
    /// </summary>
    public async Task<IReadOnlyList<HeardChange>> ChangesAsync(Core.Access.Reader reader, long afterSequence, int limit, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        // A new reuse count is the search index's bookkeeping (links have their own API), not a change of the article.
        if (reader.IsInternal)
            return (await db.ChangeLog.AsNoTracking().Where(c => c.Sequence > afterSequence && c.Type != ChangeType.ReuseChanged)
                .OrderBy(c => c.Sequence).Take(limit).ToListAsync(cancellationToken)).Select(c => new HeardChange(c, Withdrawn: false)).ToList();

        // Rows that touch a Customer article now or just before, each with the article's change before it (owner and
        // reuse changes aside); the precise rule is applied here, in batches until the page is full.
        var heard = new List<HeardChange>(limit);
        var after = afterSequence;
        while (heard.Count < limit)
        {
            var rows = await db.ChangeLog.AsNoTracking()
                .Where(c => c.Sequence > after && c.Type != ChangeType.ReuseChanged && c.Type != ChangeType.OwnerChanged)
                .OrderBy(c => c.Sequence)
                .Select(c => new
                {
                    Change = c,
                    PreviousAudience = db.ChangeLog.Where(p => p.ArticleId == c.ArticleId && p.Sequence < c.Sequence
                            && p.Type != ChangeType.OwnerChanged && p.Type != ChangeType.ReuseChanged)
                        .OrderByDescending(p => p.Sequence).Select(p => (Audience?)p.Audience).FirstOrDefault(),
                    PreviousScope = db.ChangeLog.Where(p => p.ArticleId == c.ArticleId && p.Sequence < c.Sequence
                            && p.Type != ChangeType.OwnerChanged && p.Type != ChangeType.ReuseChanged)
                        .OrderByDescending(p => p.Sequence).Select(p => p.ClientScope).FirstOrDefault(),
                })
                .Where(r => r.Change.Audience == Audience.Customer || r.PreviousAudience == Audience.Customer)
                .Take(limit).ToListAsync(cancellationToken);
            foreach (var row in rows)
            {
                var previous = row.PreviousAudience is { } audience
                    ? new ChangeLogEntry
                    {
                        ArticleId = row.Change.ArticleId, Version = 0, Type = ChangeType.Updated, State = row.Change.State, Audience = audience,
                        ClientScope = row.PreviousScope ?? "", OccurredAt = row.Change.OccurredAt,
                    }
                    : null;
                var hearing = Core.Access.AccessPolicy.HearingOf(reader, row.Change, previous);
                if (hearing != Core.Access.ChangeHeard.Nothing && heard.Count < limit)
                    heard.Add(new HeardChange(row.Change, Withdrawn: hearing == Core.Access.ChangeHeard.Withdrawal));
            }
            if (rows.Count < limit) break;
            after = rows[^1].Change.Sequence;
        }
        return heard;
    }

    public async Task<IReadOnlyList<TicketCategory>> CategoriesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Categories.AsNoTracking().OrderBy(c => c.SortOrder).ThenBy(c => c.Name).ToListAsync(cancellationToken);
    }

    /// <summary>Links of a ticket or of an article (one of them), id order, live links only unless asked.</summary>
    public async Task<IReadOnlyList<LinkView>> LinksAsync(Core.Access.Reader reader, TicketKey? ticket, string? articleId, bool includeRemoved, long afterId, int limit, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var query = from l in db.TicketLinks.AsNoTracking()
                    join t in db.Tickets.AsNoTracking() on l.TicketId equals t.Id
                    join a in LinkableArticles(db, reader) on l.ArticleId equals a.Id
                    where l.Id > afterId && (includeRemoved || l.RemovedAt == null)
                    select new { l, t.System, t.Instance, t.ExternalId };
        if (ticket is not null) query = query.Where(x => x.System == ticket.System && x.Instance == ticket.Instance && x.ExternalId == ticket.ExternalId);
        if (articleId is not null) query = query.Where(x => x.l.ArticleId == articleId);
        var rows = await query.OrderBy(x => x.l.Id).Take(limit).ToListAsync(cancellationToken);
        return rows.Select(x => new LinkView(x.l, new TicketKey(x.System, x.Instance, x.ExternalId))).ToList();
    }

    /// <summary>One link, when the reader may see its article.</summary>
    public async Task<LinkView?> LinkAsync(Core.Access.Reader reader, long id, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var row = await (from l in db.TicketLinks.AsNoTracking()
                         join t in db.Tickets.AsNoTracking() on l.TicketId equals t.Id
                         join a in LinkableArticles(db, reader) on l.ArticleId equals a.Id
                         where l.Id == id
                         select new { l, t.System, t.Instance, t.ExternalId }).FirstOrDefaultAsync(cancellationToken);
        return row is null ? null : new LinkView(row.l, new TicketKey(row.System, row.Instance, row.ExternalId));
    }

    private static IQueryable<Article> LinkableArticles(KnowledgeBaseDbContext db, Core.Access.Reader reader) =>
        db.Articles.AsNoTracking().IgnoreAutoIncludes().Where(Core.Access.AccessPolicy.LinkableArticles(reader));
}
