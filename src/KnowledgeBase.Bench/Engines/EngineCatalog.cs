using KnowledgeBase.Bench.Cli;

namespace KnowledgeBase.Bench.Engines;

/// <summary>The engines the harness knows, in the order it reports them, and how to make each.</summary>
public static class EngineCatalog
{
    public const string Lucene = "lucene";
    public const string Fts5 = "fts5";
    public const string Postgres = "postgres";

    public static IReadOnlyList<string> Names { get; } = [Lucene, Fts5, Postgres];

    public static IBenchEngine Create(string name, BenchOptions options) => name switch
    {
        Lucene => new LuceneBenchEngine(),
        Fts5 => new Fts5BenchEngine(options.Fts5Mode),
        Postgres => new PostgresBenchEngine(options.PostgresConnectionString
            ?? throw new InvalidOperationException("postgres needs a connection string")),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown engine"),
    };
}
