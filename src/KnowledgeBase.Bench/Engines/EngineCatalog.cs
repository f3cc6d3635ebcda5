using KnowledgeBase.Bench.Cli;

namespace KnowledgeBase.Bench.Engines;

/// <summary>The engines the harness knows, in the order it reports them, and how to make each.</summary>
public static class EngineCatalog
{
    /// <summary>What production serves by default: the lexical engine with the semantic step fused in.</summary>
    public const string Lucene = "lucene";
    /// <summary>The same engine with the semantic step off (lexical only).</summary>
    public const string Lexical = "lexical";
    /// <summary>Dense retrieval alone (the model's vectors, nearest first).</summary>
    public const string Dense = "dense";
    public const string Fts5 = "fts5";
    public const string Postgres = "postgres";

    public static IReadOnlyList<string> Names { get; } = [Lexical, Dense, Lucene, Fts5, Postgres];

    public static IBenchEngine Create(string name, BenchOptions options, TextWriter? progress = null) => name switch
    {
        Lucene => new LuceneBenchEngine(semantic: true, progress, options.IndexDirectory),
        Lexical => new LuceneBenchEngine(semantic: false, progress, options.IndexDirectory),
        Dense => new DenseBenchEngine(progress),
        Fts5 => new Fts5BenchEngine(options.Fts5Mode),
        Postgres => new PostgresBenchEngine(options.PostgresConnectionString
            ?? throw new InvalidOperationException("postgres needs a connection string")),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown engine"),
    };
}
