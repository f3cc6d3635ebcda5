using KnowledgeBase.Core.Reports;

namespace KnowledgeBase.Web.Reports;

/// <summary>One week of a dashboard's trends: the ledger's rates plus resolution effectiveness (resolved ÷ all links of the week's closed tickets).</summary>
public sealed record WeekRow(TrendPoint Point, long ResolvedLinks, long AllLinks)
{
    public double Effectiveness => Rates.Of(ResolvedLinks, AllLinks);
}
