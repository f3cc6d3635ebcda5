using KnowledgeBase.Core.Reports;
using Microsoft.Extensions.Primitives;

namespace KnowledgeBase.Web.Reports;

/// <summary>
/// Which searches a drill-down lists: <c>measure</c> (all, successful, zero-result), optionally only one normalized
/// <c>query</c> (a content-gap row); <c>of=all</c> marks a rate (successful or zero-result of all searches).
/// </summary>
public sealed record SearchDrillDown(SearchMeasure Measure, string? Query, int Offset, bool OfAll = false)
{
    public const int PageSize = 50;

    public static SearchDrillDown Parse(IEnumerable<KeyValuePair<string, StringValues>> query)
    {
        var values = DrillDownQuery.Values(query);
        return new SearchDrillDown(DrillDownQuery.Enum(values, "measure", SearchMeasure.All), DrillDownQuery.Text(values, "query"),
            DrillDownQuery.Offset(values), DrillDownQuery.OptionalEnum<SearchMeasure>(values, "of") == SearchMeasure.All);
    }

    public (string Key, string? Value)[] Pairs(int? offset = null) =>
    [
        ("measure", DrillDownQuery.Name(Measure)),
        ("query", Query),
        ("of", OfAll ? "all" : null),
        ("offset", DrillDownQuery.OffsetText(offset)),
    ];

    public SearchDrillDown? Whole => OfAll ? this with { Measure = SearchMeasure.All, OfAll = false, Offset = 0 } : null;

    public string Describe() => (Measure switch
    {
        SearchMeasure.Successful => "Searches followed by an open or a link",
        SearchMeasure.ZeroResult => "Searches that found nothing",
        _ => "Searches",
    }) + (Query is null ? "" : $" for “{Query}”");
}
