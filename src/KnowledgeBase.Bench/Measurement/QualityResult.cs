namespace KnowledgeBase.Bench.Measurement;

/// <summary>One engine on one query set.</summary>
public sealed record QualityResult(string Engine, string QuerySet, int Queries, double Mrr10, double Recall10, double Recall1, double P50Ms, double P99Ms);
