namespace KnowledgeBase.Core.Reports;

/// <summary>Search success (followed by an open or a link in the same session) and zero-result rates, both ÷ searches.</summary>
public sealed record SearchStats(long Searches, long Successful, long ZeroResult)
{
    public static readonly SearchStats Empty = new(0, 0, 0);

    public double SuccessRate => Rates.Of(Successful, Searches);

    public double ZeroResultRate => Rates.Of(ZeroResult, Searches);
}
