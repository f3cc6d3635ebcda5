namespace KnowledgeBase.Bench.Measurement;

/// <summary>Nearest-rank percentiles: always a value that was measured, never an interpolation between two.</summary>
public static class Percentile
{
    public static double NearestRank(IReadOnlyList<double> values, double percent)
    {
        if (values.Count == 0) return 0;
        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(percent / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank, 1, sorted.Length) - 1];
    }
}
