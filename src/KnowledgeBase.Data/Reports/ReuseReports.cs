using System.Linq.Expressions;
using KnowledgeBase.Core.Reports;
using KnowledgeBase.Core.Tickets;
using Microsoft.EntityFrameworkCore;

namespace KnowledgeBase.Data.Reports;

/// <summary>
/// The metrics of docs/kcs.md ("Metrics"), aggregated by the database (GROUP BY / COUNT with correlated EXISTS, the
/// same LINQ on SQLite and PostgreSQL): only aggregate rows and pages of drill-downs leave the database.
/// </summary>
/// <remarks>
/// Refinements (ours):
/// <list type="bullet">
/// <item>A ticket counts in the period in which it closed (ClosedAt in [from, to)); a reopened ticket has no close
/// time until it closes again, so it counts once, in the period of its final close.</item>
/// <item>A ticket's links are its non-removed links at query time, whenever they were made (a link added after the
/// close still counts). Links to articles archived or deleted since still count: the article did serve the ticket.</item>
/// <item>Reuse (known): a linked article created strictly before the ticket opened. Created at the same instant is new.</item>
/// <item>A ticket's owner is its category's owner now (reassigning a category moves the history); tickets without
/// category, client or technician fall under <see cref="ReportKeys.None"/>.</item>
/// <item>Article reuse count and effectiveness in a period: over the tickets closed in the period (and in the slice
/// filter, which always selects tickets). Effectiveness = resolved ÷ all links, where <c>created</c> is not resolved.</item>
/// <item>A filter may combine an owner, a category, a client and a technician: a ticket must match each of them.</item>
/// <item>Search statistics have no ticket: a category filter selects searches run in that category, an owner filter
/// the searches in that owner's categories, a technician filter the technician's searches; a client filter does not
/// apply to searches. A source filter (site, api, suggestions, intake, panel) narrows the searches only; prefetches
/// nobody acted on are never counted.</item>
/// <item>Trend buckets are ISO weeks (Monday 00:00 UTC) cut to the period, so the weeks add up to the period.</item>
/// </list>
/// </remarks>
public sealed class ReuseReports(IDbContextFactory<KnowledgeBaseDbContext> contextFactory)
{
    public const int DefaultTop = 20;

    /// <summary>The reuse report (<c>GET /reports/reuse</c>): one row per slice value, largest first.</summary>
    public async Task<IReadOnlyList<ReuseRow>> ReuseAsync(ReportPeriod period, ReportSlice groupBy, ReportFilter? filter = null, CancellationToken cancellationToken = default)
    {
        await using var db = await ReportContext.CreateAsync(contextFactory, cancellationToken);
        var rows = await Facts(db, period, filter).GroupBy(KeyOf(groupBy))
            .Select(g => new { g.Key, Closed = g.Count(), Linked = g.Count(f => f.Linked), Known = g.Count(f => f.Known), Created = g.Count(f => f.Created) })
            .ToListAsync(cancellationToken);
        return rows.Select(r => ReuseRow.Of(r.Key ?? ReportKeys.None, new ReuseCounts(r.Closed, r.Linked, r.Known, r.Created)))
            .OrderByDescending(r => r.ClosedTickets).ThenBy(r => r.Key, StringComparer.Ordinal).ToList();
    }

    /// <summary>The counts of the whole period (or of one slice value).</summary>
    public async Task<ReuseCounts> TotalsAsync(ReportPeriod period, ReportFilter? filter = null, CancellationToken cancellationToken = default)
    {
        await using var db = await ReportContext.CreateAsync(contextFactory, cancellationToken);
        return await TotalsAsync(db, period, filter, cancellationToken);
    }

    /// <summary>Participation: per technician, closed tickets with ≥ 1 link ÷ closed tickets.</summary>
    public async Task<IReadOnlyList<ParticipationRow>> ParticipationAsync(ReportPeriod period, ReportFilter? filter = null, CancellationToken cancellationToken = default) =>
        (await ReuseAsync(period, ReportSlice.Technician, filter, cancellationToken))
            .Select(r => new ParticipationRow(r.Key, r.ClosedTickets, r.LinkedTickets)).ToList();

    /// <summary>
    /// Weekly buckets of the rates: tickets (and their links, for resolution effectiveness) by the week they closed,
    /// searches by the week they ran.
    /// </summary>
    /// <remarks>
    /// Three queries, whatever the number of weeks: the tickets, their links and the searches of the period, each grouped
    /// by a week number computed in SQL as a CASE over the week boundaries (parameters), the same SQL on both providers
    /// (no provider-specific date truncation). A query per week read the links table once per week on PostgreSQL.
    /// </remarks>
    public async Task<IReadOnlyList<TrendPoint>> TrendsAsync(ReportPeriod period, ReportFilter? filter = null, CancellationToken cancellationToken = default)
    {
        var weeks = IsoWeeks.Covering(period);
        if (weeks.Count == 0) return [];
        await using var db = await ReportContext.CreateAsync(contextFactory, cancellationToken);
        var tickets = await Facts(db, period, filter).GroupBy(WeekOf<ClosedTicketFacts>(f => f.ClosedAt, weeks))
            .Select(g => new { Week = g.Key, Closed = g.Count(), Linked = g.Count(f => f.Linked), Known = g.Count(f => f.Known), Created = g.Count(f => f.Created) })
            .ToDictionaryAsync(r => r.Week, r => new ReuseCounts(r.Closed, r.Linked, r.Known, r.Created), cancellationToken);
        var links = await (
                from l in db.TicketLinks
                where l.RemovedAt == null
                join f in Facts(db, period, filter) on l.TicketId equals f.Id
                select new TicketClose { ClosedAt = f.ClosedAt, Resolved = l.Type == LinkType.Resolved })
            .GroupBy(WeekOf<TicketClose>(l => l.ClosedAt, weeks))
            .Select(g => new { Week = g.Key, All = g.Count(), Resolved = g.Count(l => l.Resolved) })
            .ToDictionaryAsync(r => r.Week, r => new LinkCounts(r.Resolved, r.All), cancellationToken);
        var searches = await Searches(db, period, filter).GroupBy(WeekOf<SearchLogEntry>(s => s.OccurredAt, weeks))
            .Select(g => new { Week = g.Key, All = g.Count(), Successful = g.Count(s => s.OpenedArticleId != null || s.LinkedArticleId != null), Zero = g.Count(s => s.ResultCount == 0) })
            .ToDictionaryAsync(r => r.Week, r => new SearchStats(r.All, r.Successful, r.Zero), cancellationToken);
        return weeks.Select((week, i) => new TrendPoint(week, IsoWeeks.Label(week),
            tickets.GetValueOrDefault(i, ReuseCounts.Empty), searches.GetValueOrDefault(i, SearchStats.Empty), links.GetValueOrDefault(i, LinkCounts.Empty))).ToList();
    }

    /// <summary>A link of a closed ticket, with the ticket's close time (the week it counts in).</summary>
    private sealed class TicketClose
    {
        public DateTime ClosedAt { get; init; }
        public bool Resolved { get; init; }
    }

    /// <summary>The index in <paramref name="weeks"/> of the week <paramref name="at"/> falls in, as a SQL CASE over the boundaries.</summary>
    private static Expression<Func<T, int>> WeekOf<T>(Expression<Func<T, DateTime>> at, IReadOnlyList<DateTime> weeks)
    {
        // The rows are already inside the period, so only the boundaries between weeks matter. Each boundary is a
        // captured value, which EF sends as a parameter converted like the column.
        Expression index = Expression.Constant(weeks.Count - 1);
        for (var i = weeks.Count - 1; i >= 1; i--)
        {
            var boundary = new Boundary(weeks[i]);
            var value = Expression.Property(Expression.Constant(boundary), nameof(Boundary.Value));
            index = Expression.Condition(Expression.LessThan(at.Body, value), Expression.Constant(i - 1), index);
        }
        return Expression.Lambda<Func<T, int>>(index, at.Parameters);
    }

    private sealed record Boundary(DateTime Value);

    /// <summary>The part of a trend week (starting <paramref name="weekStart"/>) inside the period.</summary>
    public static ReportPeriod Bucket(DateTime weekStart, ReportPeriod period) => new(Max(weekStart, period.From), Min(weekStart.AddDays(7), period.To));

    /// <summary>Resolution effectiveness of the period: the live links of its closed tickets, counted by the database.</summary>
    public async Task<LinkCounts> LinkCountsAsync(ReportPeriod period, ReportFilter? filter = null, CancellationToken cancellationToken = default)
    {
        await using var db = await ReportContext.CreateAsync(contextFactory, cancellationToken);
        return await LinkCountsAsync(db, period, filter, cancellationToken);
    }

    /// <summary>The most reused articles of the period: distinct closed tickets linking them.</summary>
    public async Task<IReadOnlyList<ArticleReuse>> TopReusedAsync(ReportPeriod period, ReportFilter? filter = null, int top = DefaultTop, CancellationToken cancellationToken = default)
    {
        await using var db = await ReportContext.CreateAsync(contextFactory, cancellationToken);
        var rows = await ArticleLinks(db, period, filter)
            .OrderByDescending(r => r.All).ThenBy(r => r.ArticleId).Take(Math.Clamp(top, 1, Page<ArticleReuse>.MaxLimit))
            .ToListAsync(cancellationToken);
        return await WithTitlesAsync(db, rows, cancellationToken);
    }

    /// <summary>The least effective articles with at least <paramref name="minLinks"/> links in the period (kcs.md: suspect).</summary>
    public async Task<IReadOnlyList<ArticleReuse>> LeastEffectiveAsync(ReportPeriod period, ReportFilter? filter = null, int minLinks = 5, int top = DefaultTop, CancellationToken cancellationToken = default)
    {
        await using var db = await ReportContext.CreateAsync(contextFactory, cancellationToken);
        var rows = await ArticleLinks(db, period, filter).Where(r => r.All >= minLinks)
            .OrderBy(r => (double)r.Resolved / r.All).ThenByDescending(r => r.All).ThenBy(r => r.ArticleId)
            .Take(Math.Clamp(top, 1, Page<ArticleReuse>.MaxLimit))
            .ToListAsync(cancellationToken);
        return await WithTitlesAsync(db, rows, cancellationToken);
    }

    /// <summary>One article's reuse in the period (zeros when no closed ticket links it).</summary>
    public async Task<ArticleReuse> ArticleAsync(string articleId, ReportPeriod period, ReportFilter? filter = null, CancellationToken cancellationToken = default)
    {
        await using var db = await ReportContext.CreateAsync(contextFactory, cancellationToken);
        var rows = await ArticleLinks(db, period, filter).Where(r => r.ArticleId == articleId).ToListAsync(cancellationToken);
        var title = await db.Articles.Where(a => a.Id == articleId).Select(a => a.Title).FirstOrDefaultAsync(cancellationToken) ?? "";
        return rows.Count == 0 ? new ArticleReuse(articleId, title, 0, 0, 0) : new ArticleReuse(articleId, title, rows[0].All, rows[0].Resolved, rows[0].All);
    }

    public async Task<SearchStats> SearchStatsAsync(ReportPeriod period, ReportFilter? filter = null, CancellationToken cancellationToken = default)
    {
        await using var db = await ReportContext.CreateAsync(contextFactory, cancellationToken);
        return await SearchStatsAsync(db, period, filter, cancellationToken);
    }

    /// <summary>Content gaps: the most frequent zero-result queries and the closed tickets without links, by category.</summary>
    public async Task<ContentGaps> ContentGapsAsync(ReportPeriod period, ReportFilter? filter = null, int top = DefaultTop, CancellationToken cancellationToken = default)
    {
        await using var db = await ReportContext.CreateAsync(contextFactory, cancellationToken);
        var limit = Math.Clamp(top, 1, Page<ZeroResultQuery>.MaxLimit);
        var queries = await Searches(db, period, filter).Where(s => s.ResultCount == 0)
            .GroupBy(s => new { s.Category, s.NormalizedQuery })
            .Select(g => new { g.Key.Category, g.Key.NormalizedQuery, Count = g.Count(), Last = g.Max(s => s.OccurredAt) })
            .OrderByDescending(g => g.Count).ThenBy(g => g.NormalizedQuery).ThenBy(g => g.Category)
            .Take(limit).ToListAsync(cancellationToken);
        var unlinked = await Facts(db, period, filter).GroupBy(f => f.CategoryId)
            .Select(g => new { g.Key, Closed = g.Count(), Unlinked = g.Count(f => !f.Linked) })
            .Where(g => g.Unlinked > 0)
            .ToListAsync(cancellationToken);
        return new ContentGaps(
            queries.Select(q => new ZeroResultQuery(q.Category ?? ReportKeys.None, q.NormalizedQuery, q.Count, q.Last)).ToList(),
            unlinked.Select(u => new UnlinkedTickets(u.Key ?? ReportKeys.None, u.Closed, u.Unlinked))
                .OrderByDescending(u => u.Unlinked).ThenByDescending(u => u.ClosedTickets).ThenBy(u => u.Category, StringComparer.Ordinal).Take(limit).ToList());
    }

    /// <summary>
    /// Drill-down: the tickets behind a number of a reuse row (<paramref name="filter"/> = the page's filter narrowed by
    /// the row's key), newest close first.
    /// </summary>
    public async Task<Page<TicketSummary>> TicketsAsync(ReportPeriod period, TicketMeasure measure, ReportFilter? filter = null, int offset = 0, int limit = 50, CancellationToken cancellationToken = default)
    {
        await using var db = await ReportContext.CreateAsync(contextFactory, cancellationToken);
        var facts = Facts(db, period, filter);
        facts = measure switch
        {
            TicketMeasure.Linked => facts.Where(f => f.Linked),
            TicketMeasure.Unlinked => facts.Where(f => !f.Linked),
            TicketMeasure.Known => facts.Where(f => f.Known),
            TicketMeasure.Created => facts.Where(f => f.Created),
            _ => facts,
        };
        return await PageAsync(db, facts.Select(f => f.Id), offset, limit, cancellationToken);
    }

    /// <summary>Drill-down: the closed tickets of the period that link an article (its reuse count), newest close first.</summary>
    public async Task<Page<TicketSummary>> ArticleTicketsAsync(string articleId, ReportPeriod period, ReportFilter? filter = null, bool resolvedOnly = false, int offset = 0, int limit = 50, CancellationToken cancellationToken = default)
    {
        await using var db = await ReportContext.CreateAsync(contextFactory, cancellationToken);
        var ids = Facts(db, period, filter).Select(f => f.Id)
            .Where(id => db.TicketLinks.Any(l => l.TicketId == id && l.ArticleId == articleId && l.RemovedAt == null && (!resolvedOnly || l.Type == LinkType.Resolved)));
        return await PageAsync(db, ids, offset, limit, cancellationToken);
    }

    /// <summary>
    /// Drill-down: the live links of the period's closed tickets (<paramref name="resolvedOnly"/>: the resolved ones),
    /// the links behind resolution effectiveness; newest close first.
    /// </summary>
    public async Task<Page<LinkSummary>> LinksAsync(ReportPeriod period, ReportFilter? filter = null, bool resolvedOnly = false, int offset = 0, int limit = 50, CancellationToken cancellationToken = default)
    {
        await using var db = await ReportContext.CreateAsync(contextFactory, cancellationToken);
        offset = Math.Max(0, offset);
        limit = Math.Clamp(limit, 1, Page<LinkSummary>.MaxLimit);
        var links = LiveLinks(db, period, filter);
        if (resolvedOnly) links = links.Where(l => l.Type == LinkType.Resolved);
        var total = await links.LongCountAsync(cancellationToken);
        var items = await (
                from l in links
                join t in db.Tickets on l.TicketId equals t.Id
                join a in db.Articles on l.ArticleId equals a.Id into articles
                from a in articles.DefaultIfEmpty()
                orderby t.ClosedAt descending, t.Id descending, l.Id
                select new { l.Id, Ticket = new TicketSummary(t.Id, t.System, t.Instance, t.ExternalId, t.Subject, t.CategoryId, t.Client, t.Technician, t.OpenedAt, t.ClosedAt),
                    l.ArticleId, Title = a == null ? "" : a.Title, l.Type, l.LinkedBy, l.LinkedAt })
            .Skip(offset).Take(limit).AsNoTracking().ToListAsync(cancellationToken);
        return new Page<LinkSummary>(items.Select(i => new LinkSummary(i.Id, i.Ticket, i.ArticleId, i.Title, i.Type, i.LinkedBy, i.LinkedAt)).ToList(), total, offset, limit);
    }

    /// <summary>
    /// Drill-down: the searches behind a number of <see cref="SearchStats"/> (optionally of one normalized query, the
    /// rows of a content gap), newest first.
    /// </summary>
    public async Task<Page<SearchSummary>> SearchesAsync(ReportPeriod period, SearchMeasure measure, ReportFilter? filter = null, string? normalizedQuery = null, int offset = 0, int limit = 50, CancellationToken cancellationToken = default)
    {
        await using var db = await ReportContext.CreateAsync(contextFactory, cancellationToken);
        offset = Math.Max(0, offset);
        limit = Math.Clamp(limit, 1, Page<SearchSummary>.MaxLimit);
        var searches = Searches(db, period, filter);
        searches = measure switch
        {
            SearchMeasure.Successful => searches.Where(s => s.OpenedArticleId != null || s.LinkedArticleId != null),
            SearchMeasure.ZeroResult => searches.Where(s => s.ResultCount == 0),
            _ => searches,
        };
        if (normalizedQuery is not null) searches = searches.Where(s => s.NormalizedQuery == normalizedQuery);
        var total = await searches.LongCountAsync(cancellationToken);
        var items = await searches.AsNoTracking().OrderByDescending(s => s.OccurredAt).ThenByDescending(s => s.Id).Skip(offset).Take(limit)
            .Select(s => new SearchSummary(s.Id, s.Query, s.NormalizedQuery, s.UserName, s.Category, s.ResultCount, s.OccurredAt, s.OpenedArticleId, s.LinkedArticleId)
            {
                Source = s.Source, Ticket = s.TicketSystem == null ? null : s.TicketSystem + "/" + s.TicketInstance + "/" + s.TicketId,
            })
            .ToListAsync(cancellationToken);
        return new Page<SearchSummary>(items, total, offset, limit);
    }

    private static async Task<Page<TicketSummary>> PageAsync(KnowledgeBaseDbContext db, IQueryable<long> ids, int offset, int limit, CancellationToken cancellationToken)
    {
        offset = Math.Max(0, offset);
        limit = Math.Clamp(limit, 1, Page<TicketSummary>.MaxLimit);
        var total = await ids.LongCountAsync(cancellationToken);
        var items = await db.Tickets.AsNoTracking().Where(t => ids.Contains(t.Id))
            .OrderByDescending(t => t.ClosedAt).ThenByDescending(t => t.Id).Skip(offset).Take(limit)
            .Select(t => new TicketSummary(t.Id, t.System, t.Instance, t.ExternalId, t.Subject, t.CategoryId, t.Client, t.Technician, t.OpenedAt, t.ClosedAt))
            .ToListAsync(cancellationToken);
        return new Page<TicketSummary>(items, total, offset, limit);
    }

    internal static async Task<ReuseCounts> TotalsAsync(KnowledgeBaseDbContext db, ReportPeriod period, ReportFilter? filter, CancellationToken cancellationToken)
    {
        var row = await Facts(db, period, filter).GroupBy(_ => 1)
            .Select(g => new { Closed = g.Count(), Linked = g.Count(f => f.Linked), Known = g.Count(f => f.Known), Created = g.Count(f => f.Created) })
            .FirstOrDefaultAsync(cancellationToken);
        return row is null ? ReuseCounts.Empty : new ReuseCounts(row.Closed, row.Linked, row.Known, row.Created);
    }

    private static async Task<LinkCounts> LinkCountsAsync(KnowledgeBaseDbContext db, ReportPeriod period, ReportFilter? filter, CancellationToken cancellationToken)
    {
        var row = await LiveLinks(db, period, filter).GroupBy(_ => 1)
            .Select(g => new { All = g.Count(), Resolved = g.Count(l => l.Type == LinkType.Resolved) })
            .FirstOrDefaultAsync(cancellationToken);
        return row is null ? LinkCounts.Empty : new LinkCounts(row.Resolved, row.All);
    }

    private static async Task<SearchStats> SearchStatsAsync(KnowledgeBaseDbContext db, ReportPeriod period, ReportFilter? filter, CancellationToken cancellationToken)
    {
        var row = await Searches(db, period, filter).GroupBy(_ => 1)
            .Select(g => new { All = g.Count(), Successful = g.Count(s => s.OpenedArticleId != null || s.LinkedArticleId != null), Zero = g.Count(s => s.ResultCount == 0) })
            .FirstOrDefaultAsync(cancellationToken);
        return row is null ? SearchStats.Empty : new SearchStats(row.All, row.Successful, row.Zero);
    }

    /// <summary>The tickets closed in the period, with the three facts every rate needs, as correlated EXISTS.</summary>
    internal static IQueryable<ClosedTicketFacts> Facts(KnowledgeBaseDbContext db, ReportPeriod period, ReportFilter? filter)
    {
        var start = period.From;
        var end = period.To;
        var facts =
            from t in db.Tickets
            where t.Status == TicketStatus.Closed && t.ClosedAt >= start && t.ClosedAt < end
            join c in db.Categories on t.CategoryId equals c.Id into categories
            from c in categories.DefaultIfEmpty()
            select new ClosedTicketFacts
            {
                Id = t.Id,
                OpenedAt = t.OpenedAt,
                ClosedAt = t.ClosedAt!.Value,
                CategoryId = t.CategoryId,
                Owner = c == null ? null : c.Owner,
                Client = t.Client,
                Technician = t.Technician,
                Linked = db.TicketLinks.Any(l => l.TicketId == t.Id && l.RemovedAt == null),
                Known = db.TicketLinks.Any(l => l.TicketId == t.Id && l.RemovedAt == null
                    && db.Articles.Any(a => a.Id == l.ArticleId && a.CreatedAt < t.OpenedAt)),
                Created = db.TicketLinks.Any(l => l.TicketId == t.Id && l.RemovedAt == null && l.Type == LinkType.Created),
            };
        foreach (var (slice, value) in filter?.Conditions ?? [])
            facts = facts.Where(Matches(KeyOf(slice), value));
        return facts;
    }

    /// <summary>The live links of the period's closed tickets (one per ticket and article).</summary>
    private static IQueryable<TicketLink> LiveLinks(KnowledgeBaseDbContext db, ReportPeriod period, ReportFilter? filter)
    {
        var tickets = Facts(db, period, filter).Select(f => f.Id);
        return db.TicketLinks.Where(l => l.RemovedAt == null && tickets.Contains(l.TicketId));
    }

    private sealed class ArticleLinkCounts
    {
        public required string ArticleId { get; init; }
        public int All { get; init; }
        public int Resolved { get; init; }
    }

    /// <summary>Per article, the live links of the period's closed tickets (one per ticket, so All = distinct tickets).</summary>
    private static IQueryable<ArticleLinkCounts> ArticleLinks(KnowledgeBaseDbContext db, ReportPeriod period, ReportFilter? filter)
    {
        return LiveLinks(db, period, filter)
            .GroupBy(l => l.ArticleId)
            .Select(g => new ArticleLinkCounts { ArticleId = g.Key, All = g.Count(), Resolved = g.Count(l => l.Type == LinkType.Resolved) });
    }

    private static async Task<IReadOnlyList<ArticleReuse>> WithTitlesAsync(KnowledgeBaseDbContext db, IReadOnlyList<ArticleLinkCounts> rows, CancellationToken cancellationToken)
    {
        var ids = rows.Select(r => r.ArticleId).ToList();
        var titles = await db.Articles.Where(a => ids.Contains(a.Id)).Select(a => new { a.Id, a.Title }).ToDictionaryAsync(a => a.Id, a => a.Title, cancellationToken);
        return rows.Select(r => new ArticleReuse(r.ArticleId, titles.GetValueOrDefault(r.ArticleId, ""), r.All, r.Resolved, r.All)).ToList();
    }

    private static IQueryable<SearchLogEntry> Searches(KnowledgeBaseDbContext db, ReportPeriod period, ReportFilter? filter)
    {
        var from = period.From;
        var to = period.To;
        // A prefetch nobody acted on is not demand (SearchIntent.Prefetch).
        var searches = db.SearchLog.Where(s => s.OccurredAt >= from && s.OccurredAt < to && !s.Prefetch);
        if (filter?.Source is { } source) searches = searches.Where(s => s.Source == source);
        foreach (var (slice, key) in filter?.Conditions ?? [])
        {
            var value = key == ReportKeys.None ? null : key;
            searches = slice switch
            {
                ReportSlice.Category => searches.Where(s => s.Category == value),
                ReportSlice.Owner => value is null
                    ? searches.Where(s => s.Category == null || !db.Categories.Any(c => c.Id == s.Category))
                    : searches.Where(s => db.Categories.Any(c => c.Id == s.Category && c.Owner == value)),
                ReportSlice.Technician => searches.Where(s => s.UserName == value),
                _ => searches, // a search has no client
            };
        }
        return searches;
    }

    private static Expression<Func<ClosedTicketFacts, string?>> KeyOf(ReportSlice slice) => slice switch
    {
        ReportSlice.Owner => f => f.Owner,
        ReportSlice.Category => f => f.CategoryId,
        ReportSlice.Client => f => f.Client,
        ReportSlice.Technician => f => f.Technician,
        _ => throw new ArgumentOutOfRangeException(nameof(slice), slice, "Unknown slice."),
    };

    private static Expression<Func<ClosedTicketFacts, bool>> Matches(Expression<Func<ClosedTicketFacts, string?>> key, string value)
    {
        Expression constant = Expression.Constant(value == ReportKeys.None ? null : value, typeof(string));
        return Expression.Lambda<Func<ClosedTicketFacts, bool>>(Expression.Equal(key.Body, constant), key.Parameters);
    }

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;
}
