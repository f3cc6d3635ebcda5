namespace KnowledgeBase.Core.Reports;

/// <summary>
/// One row of the reuse report (<c>GET /reports/reuse</c>): <c>key, closedTickets, linkedTickets, linkRate, reuseRate,
/// createRate</c>, plus the counts behind the reuse and create rates for drill-downs.
/// </summary>
public sealed record ReuseRow(string Key, long ClosedTickets, long LinkedTickets, double LinkRate, double ReuseRate, double CreateRate,
    long KnownTickets, long CreatedTickets)
{
    public static ReuseRow Of(string key, ReuseCounts counts) => new(key, counts.ClosedTickets, counts.LinkedTickets,
        counts.LinkRate, counts.ReuseRate, counts.CreateRate, counts.KnownTickets, counts.CreatedTickets);
}
