using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace KnowledgeBase.Search;

/// <summary>
/// The search engine's metrics and traces (System.Diagnostics: no dependency here; the site exports them with
/// OpenTelemetry when configured): <c>kb.search.duration</c> in milliseconds, tagged with the operation, and one
/// activity per search.
/// </summary>
public static class SearchTelemetry
{
    public const string Name = "KnowledgeBase.Search";

    public static readonly ActivitySource ActivitySource = new(Name);
    public static readonly Meter Meter = new(Name);

    public static readonly Histogram<double> Duration = Meter.CreateHistogram<double>(
        "kb.search.duration", unit: "ms", description: "Time to answer one search or suggestion on this node's index",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.5, 1, 2, 5, 10, 20, 50, 100, 250, 500, 1000] });

    public static readonly Counter<long> CacheHits = Meter.CreateCounter<long>(
        "kb.search.cache_hits", description: "Searches answered from the result cache (their time is in kb.search.duration too)");

    internal static void CacheHit() => CacheHits.Add(1);

    internal static T Measure<T>(string operation, Func<T> run)
    {
        using var activity = ActivitySource.StartActivity("search " + operation);
        var started = Stopwatch.GetTimestamp();
        try
        {
            return run();
        }
        finally
        {
            Duration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, new KeyValuePair<string, object?>("operation", operation));
        }
    }
}
