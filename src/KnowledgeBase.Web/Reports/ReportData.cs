using KnowledgeBase.Data.Categories;
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
    /// <summary>Weekly trends, resolution effectiveness included (every count aggregated by the database).</summary>
    public Task<IReadOnlyList<TrendPoint>> TrendAsync(ReportQuery query, CancellationToken cancellationToken = default) =>
        reports.TrendsAsync(query.Period, query.Filter, cancellationToken);

    /// <summary>The days of a trend week inside the query's period, as the query of that week's drill-downs.</summary>
    public static ReportQuery WeekOf(ReportQuery query, DateTime weekStart)
    {
        var first = DateOnly.FromDateTime(weekStart);
        var last = first.AddDays(6);
        return query with { From = first < query.From ? query.From : first, To = last > query.To ? query.To : last };
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
    public static bool StaleApplies(ReportFilter? filter) => filter is null || (filter.Client is null && filter.Technician is null);

    /// <summary>Stale articles of the filter (owner: explicit or category owner now; category: primary category), optionally holding one rule.</summary>
    public async Task<IReadOnlyList<StaleArticle>> StaleAsync(ReportFilter? filter, StaleRule? rule = null, CancellationToken cancellationToken = default)
    {
        IEnumerable<StaleArticle> articles = filter?.Owner == ReportKeys.None
            ? await stale.EvaluateAsync(Core.Owners.ReviewScope.Unowned, cancellationToken)
            : await stale.EvaluateAsync(filter?.Owner, cancellationToken);
        if (filter?.Category is { } category)
            articles = articles.Where(a => string.Equals(a.PrimaryCategoryId ?? ReportKeys.None, category, StringComparison.Ordinal));
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

    /// <summary>Every owner that owns something (stored references): category owners and explicit article owners.</summary>
    public async Task<IReadOnlyList<string>> OwnersAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var owners = await db.Categories.Select(c => c.Owner).Distinct().ToListAsync(cancellationToken);
        owners.AddRange(await db.Articles.Where(a => a.Owner != null && a.DeletedAt == null).Select(a => a.Owner!).Distinct().ToListAsync(cancellationToken));
        return owners.Where(o => !string.IsNullOrWhiteSpace(o)).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase).ToList();
    }
}
