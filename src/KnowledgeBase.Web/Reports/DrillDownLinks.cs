using KnowledgeBase.Core.Reports;

namespace KnowledgeBase.Web.Reports;

/// <summary>
/// The address of the list behind each number of the report pages, for the period and filter of <c>query</c> (narrow
/// it with <see cref="ReportQuery.Narrow"/> for a table row, or to a week with <see cref="ReportData.WeekOf"/>).
/// A rate links to its part with <c>of</c> naming its whole, so the list says "N of M".
/// </summary>
public static class DrillDownLinks
{
    public static string Tickets(ReportQuery query, TicketMeasure measure, TicketMeasure? of = null) =>
        $"reports/tickets?{query.With(new TicketDrillDown(measure, null, false, 0, of).Pairs())}";

    /// <summary>The closed tickets linking an article (its reuse count), or those it resolved; <paramref name="rate"/>: of all linking it.</summary>
    public static string ArticleTickets(ReportQuery query, string articleId, bool resolvedOnly = false, bool rate = false) =>
        $"reports/tickets?{query.With(new TicketDrillDown(TicketMeasure.Closed, articleId, resolvedOnly, 0, rate ? TicketMeasure.Closed : null).Pairs())}";

    public static string Searches(ReportQuery query, SearchMeasure measure, bool rate = false, string? normalizedQuery = null) =>
        $"reports/searches?{query.With(new SearchDrillDown(measure, normalizedQuery, 0, rate).Pairs())}";

    public static string Links(ReportQuery query, bool resolvedOnly = false, bool rate = false) =>
        $"reports/links?{query.With(new LinkDrillDown(resolvedOnly, 0, rate).Pairs())}";

    public static string StaleArticles(ReportQuery query, StaleRule? rule = null) =>
        $"reports/articles?{query.With(("rule", rule is { } r ? StaleRuleNames.Key(r) : null))}";
}
