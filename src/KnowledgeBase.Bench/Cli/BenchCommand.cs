namespace KnowledgeBase.Bench.Cli;

/// <summary>The two benchmarks the app runs.</summary>
public enum BenchCommand
{
    Quality,
    Speed,
}
