using System.Globalization;
using KnowledgeBase.Core.Reports;
using Microsoft.Extensions.Primitives;

namespace KnowledgeBase.Web.Reports;

/// <summary>
/// Which tickets a drill-down lists, from the query string: <c>measure</c> (closed, linked, unlinked, known, created),
/// or the tickets linking <c>article</c> (<c>resolved=true</c>: only those it resolved); <c>offset</c> pages.
/// </summary>
public sealed record TicketDrillDown(TicketMeasure Measure, string? ArticleId, bool ResolvedOnly, int Offset)
{
    public const int PageSize = 50;

    public static TicketDrillDown Parse(IEnumerable<KeyValuePair<string, StringValues>> query)
    {
        var values = query.ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var measure = values.TryGetValue("measure", out var m) && Enum.TryParse<TicketMeasure>(m, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(m, out _)
            ? parsed : TicketMeasure.Closed;
        var article = values.TryGetValue("article", out var a) && !string.IsNullOrWhiteSpace(a) ? a.Trim() : null;
        var resolved = values.TryGetValue("resolved", out var r) && bool.TryParse(r, out var rb) && rb;
        var offset = values.TryGetValue("offset", out var o) && int.TryParse(o, NumberStyles.None, CultureInfo.InvariantCulture, out var ob) ? ob : 0;
        return new TicketDrillDown(measure, article, resolved, offset);
    }

    public (string Key, string? Value)[] Pairs(int? offset = null) =>
    [
        ("measure", ArticleId is null ? Measure.ToString().ToLowerInvariant() : null),
        ("article", ArticleId),
        ("resolved", ResolvedOnly ? "true" : null),
        ("offset", offset is > 0 ? offset.Value.ToString(CultureInfo.InvariantCulture) : null),
    ];

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
