namespace KnowledgeBase.Bench.Measurement;

/// <summary>One engine on the synthesized corpus. Queries is how many the latency pass timed; Mrr10 is over those.</summary>
public sealed record SpeedResult(string Engine, int Articles, double BuildSeconds, double DocsPerSecond, long IndexBytes,
    double P50Ms, double P99Ms, double Qps2Threads, int Queries, double Mrr10);
