using Microsoft.Extensions.Primitives;

namespace KnowledgeBase.Web.Reports;

/// <summary>
/// Which links a drill-down lists: the live links of the period's closed tickets, <c>resolved=true</c> only the
/// resolved ones; <c>of=all</c> marks resolution effectiveness (resolved of all links).
/// </summary>
public sealed record LinkDrillDown(bool ResolvedOnly, int Offset, bool OfAll = false)
{
    public const int PageSize = 50;

    public static LinkDrillDown Parse(IEnumerable<KeyValuePair<string, StringValues>> query)
    {
        var values = DrillDownQuery.Values(query);
        return new LinkDrillDown(DrillDownQuery.Flag(values, "resolved"), DrillDownQuery.Offset(values),
            string.Equals(DrillDownQuery.Text(values, "of"), "all", StringComparison.OrdinalIgnoreCase));
    }

    public (string Key, string? Value)[] Pairs(int? offset = null) =>
    [
        ("resolved", ResolvedOnly ? "true" : null),
        ("of", OfAll ? "all" : null),
        ("offset", DrillDownQuery.OffsetText(offset)),
    ];

    public LinkDrillDown? Whole => OfAll ? new LinkDrillDown(false, 0) : null;

    public string Describe() => ResolvedOnly ? "Resolved links of closed tickets" : "Links of closed tickets";
}
