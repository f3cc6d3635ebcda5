namespace KnowledgeBase.Core.Reports;

/// <summary>
/// One ISO week (Monday 00:00 UTC) of a trend: the reuse rates and the links of the tickets closed that week, and the
/// search rates of the searches run that week.
/// </summary>
public sealed record TrendPoint(DateTime WeekStart, string Week, ReuseCounts Tickets, SearchStats Searches, LinkCounts Links)
{
    public double LinkRate => Tickets.LinkRate;
    public double ReuseRate => Tickets.ReuseRate;
    public double CreateRate => Tickets.CreateRate;
    public double SearchSuccessRate => Searches.SuccessRate;
    public double ZeroResultRate => Searches.ZeroResultRate;
    public double Effectiveness => Links.Effectiveness;
}
