using KnowledgeBase.Core.Reports;

namespace KnowledgeBase.Web.Components.Reports;

/// <summary>One bucket of a rate trend: <see cref="Part"/> ÷ <see cref="Whole"/>, no value when nothing was counted; <see cref="Href"/> lists what is behind it.</summary>
public sealed record ChartPoint(string Label, long Part, long Whole, string? Href = null)
{
    public bool HasData => Whole > 0;
    public double Rate => Rates.Of(Part, Whole);
}
