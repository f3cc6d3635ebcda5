using KnowledgeBase.Core.Reports;
using KnowledgeBase.Data;
using KnowledgeBase.Data.Reports;
using Microsoft.EntityFrameworkCore;

namespace KnowledgeBase.Web.Reports;

/// <summary>
/// What the report pages and their CSV exports show, in one place so a download always matches its table. The
/// numbers come from <see cref="ReuseReports"/> and <see cref="StaleDocumentation"/>; this class only orders and
/// combines them.
/// </summary>
/// <remarks>
/// KCS warns against leaderboards: rows about people (technicians) are ordered by name, never by a score.
/// </remarks>
public sealed class ReportData(ReuseReports reports, StaleDocumentation stale, IDbContextFactory<KnowledgeBaseDbContext> contextFactory)
{
    /// <summary>
    /// Weekly trends with resolution effectiveness. Effectiveness sums the per-article counts of the week's closed
    /// tickets, over at most <see cref="Page{T}.MaxLimit"/> articles per week (the ledger's largest page).
    /// </summary>
    public async Task<IReadOnlyList<WeekRow>> TrendAsync(ReportQuery query, CancellationToken cancellationToken = default)
    {
        var points = await reports.TrendsAsync(query.Period, query.Filter, cancellationToken);
        var rows = new List<WeekRow>(points.Count);
        foreach (var point in points)
        {
            var bucket = new ReportPeriod(Max(point.WeekStart, query.Period.From), Min(point.WeekStart.AddDays(7), query.Period.To));
            var articles = point.Tickets.LinkedTickets == 0 ? [] : await reports.TopReusedAsync(bucket, query.Filter, Page<ArticleReuse>.MaxLimit, cancellationToken);
            rows.Add(new WeekRow(point, articles.Sum(a => a.ResolvedLinks), articles.Sum(a => a.AllLinks)));
        }
        return rows;
    }

    /// <summary>The rows of the "by" table: people by name, everything else by volume (closed tickets).</summary>
    public async Task<IReadOnlyList<ReuseRow>> RowsAsync(ReportQuery query, CancellationToken cancellationToken = default)
    {
        var rows = await reports.ReuseAsync(query.Period, query.By, query.Filter, cancellationToken);
        return query.By == ReportSlice.Technician ? rows.OrderBy(r => r.Key, StringComparer.OrdinalIgnoreCase).ToList() : rows;
    }

    public async Task<IReadOnlyList<ParticipationRow>> ParticipationAsync(ReportQuery query, CancellationToken cancellationToken = default) =>
        (await reports.ParticipationAsync(query.Period, query.Filter, cancellationToken)).OrderBy(r => r.Technician, StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>Whether stale counts apply: staleness is about articles, so only an owner or category filter narrows it.</summary>
    public static bool StaleApplies(ReportFilter? filter) => filter is null || filter.Slice is ReportSlice.Owner or ReportSlice.Category;

    /// <summary>Stale articles of the filter (owner: explicit or category owner now; category: primary category), optionally holding one rule.</summary>
    public async Task<IReadOnlyList<StaleArticle>> StaleAsync(ReportFilter? filter, StaleRule? rule = null, CancellationToken cancellationToken = default)
    {
        IEnumerable<StaleArticle> articles = await stale.EvaluateAsync(filter?.Slice == ReportSlice.Owner ? filter.Value : null, cancellationToken);
        if (filter?.Slice == ReportSlice.Category)
            articles = articles.Where(a => string.Equals(a.PrimaryCategoryId ?? ReportKeys.None, filter.Value, StringComparison.Ordinal));
        if (rule is { } r) articles = articles.Where(a => a.Holds(r));
        return articles.ToList();
    }

    public static IReadOnlyDictionary<StaleRule, int> CountByRule(IReadOnlyList<StaleArticle> articles) =>
        Enum.GetValues<StaleRule>().ToDictionary(r => r, r => articles.Count(a => a.Holds(r)));

    /// <summary>Category id → "Parent › Name", for every label on the report pages.</summary>
    public async Task<IReadOnlyDictionary<string, string>> CategoryNamesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var categories = await db.Categories.AsNoTracking().ToListAsync(cancellationToken);
        return CategoryAdministration.Flatten(categories, new Dictionary<string, int>()).ToDictionary(n => n.Category.Id, n => n.Path, StringComparer.Ordinal);
    }

    /// <summary>Everyone who owns something: category owners and explicit article owners, by name.</summary>
    public async Task<IReadOnlyList<string>> OwnersAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var owners = await db.Categories.Select(c => c.Owner).Distinct().ToListAsync(cancellationToken);
        owners.AddRange(await db.Articles.Where(a => a.Owner != null && a.DeletedAt == null).Select(a => a.Owner!).Distinct().ToListAsync(cancellationToken));
        return owners.Where(o => !string.IsNullOrWhiteSpace(o)).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase).ToList();
    }

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;
}
