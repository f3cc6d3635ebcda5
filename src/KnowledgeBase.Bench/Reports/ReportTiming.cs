namespace KnowledgeBase.Bench.Reports;

/// <summary>One report's timings on one provider.</summary>
public sealed record ReportTiming(string Provider, string Report, double MedianMs, double P99Ms, int Runs);
