using KnowledgeBase.Core.Reports;

namespace KnowledgeBase.Web.Components.Reports;

/// <summary>
/// One bucket of a rate trend: <see cref="Part"/> ÷ <see cref="Whole"/>, no value when nothing was counted;
/// <see cref="Href"/> lists what the part counts (the rate links there too), <see cref="WholeHref"/> what the whole counts.
/// </summary>
public sealed record ChartPoint(string Label, long Part, long Whole, string? Href = null, string? WholeHref = null)
{
    public bool HasData => Whole > 0;
    public double Rate => Rates.Of(Part, Whole);
}
