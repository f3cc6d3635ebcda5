namespace KnowledgeBase.Core.Reports;

public static class Rates
{
    /// <summary>A fraction 0–1; 0 when nothing was counted, so an empty period shows 0 rather than NaN.</summary>
    public static double Of(long part, long whole) => whole <= 0 ? 0 : (double)part / whole;
}
