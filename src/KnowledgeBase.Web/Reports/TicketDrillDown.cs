using KnowledgeBase.Core.Reports;
using Microsoft.Extensions.Primitives;

namespace KnowledgeBase.Web.Reports;

/// <summary>
/// Which tickets a drill-down lists, from the query string: <c>measure</c> (closed, linked, unlinked, known, created),
/// or the tickets linking <c>article</c> (<c>resolved=true</c>: only those it resolved); <c>offset</c> pages.
/// <c>of</c> names the whole of a rate (e.g. <c>measure=linked&amp;of=closed</c> is the link rate; for an article, any
/// <c>of</c> means all tickets linking it), so the page shows "N of M".
/// </summary>
public sealed record TicketDrillDown(TicketMeasure Measure, string? ArticleId, bool ResolvedOnly, int Offset, TicketMeasure? Of = null)
{
    public const int PageSize = 50;

    public static TicketDrillDown Parse(IEnumerable<KeyValuePair<string, StringValues>> query)
    {
        var values = DrillDownQuery.Values(query);
        var article = DrillDownQuery.Text(values, "article");
        return new TicketDrillDown(DrillDownQuery.Enum(values, "measure", TicketMeasure.Closed), article, DrillDownQuery.Flag(values, "resolved"),
            DrillDownQuery.Offset(values), DrillDownQuery.OptionalEnum<TicketMeasure>(values, "of"));
    }

    public (string Key, string? Value)[] Pairs(int? offset = null) =>
    [
        ("measure", ArticleId is null ? DrillDownQuery.Name(Measure) : null),
        ("article", ArticleId),
        ("resolved", ResolvedOnly ? "true" : null),
        ("of", Of is { } of ? DrillDownQuery.Name(of) : null),
        ("offset", DrillDownQuery.OffsetText(offset)),
    ];

    /// <summary>The drill-down of the whole this one is a part of (<see cref="Of"/>), or null.</summary>
    public TicketDrillDown? Whole => Of is not { } of ? null
        : ArticleId is not null ? this with { ResolvedOnly = false, Of = null, Offset = 0 }
        : new TicketDrillDown(of, null, false, 0);

    public string Describe() => ArticleId is not null
        ? ResolvedOnly ? $"Closed tickets that article {ArticleId} resolved" : $"Closed tickets linking article {ArticleId}"
        : Measure switch
        {
            TicketMeasure.Linked => "Closed tickets with at least one link",
            TicketMeasure.Unlinked => "Closed tickets without a link",
            TicketMeasure.Known => "Closed tickets that reused an article written before they opened",
            TicketMeasure.Created => "Closed tickets an article was created from",
            _ => "Closed tickets",
        };
}
