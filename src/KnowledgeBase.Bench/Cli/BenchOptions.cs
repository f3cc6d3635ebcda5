using System.Globalization;
using KnowledgeBase.Bench.Engines;
using Npgsql;

namespace KnowledgeBase.Bench.Cli;

/// <summary>The parsed command line. Parsing checks shape and existence only; reading the files comes later.</summary>
public sealed record BenchOptions
{
    public const int MaxScale = 5_000_000;

    public required BenchCommand Command { get; init; }
    public required string ArticlesDirectory { get; init; }
    public required IReadOnlyList<string> QueryFiles { get; init; }
    public required IReadOnlyList<string> Engines { get; init; }
    public string? PostgresConnectionString { get; init; }
    public string? JsonPath { get; init; }
    public int Scale { get; init; }
    public Fts5Mode Fts5Mode { get; init; } = Fts5Mode.OrTitle;
    public double QpsSeconds { get; init; } = 5;
    public int Seed { get; init; } = 20_240_611;
    /// <summary>speed: how many of the slowest queries to list after the timed pass (0: none).</summary>
    public int Slowest { get; init; }
    /// <summary>quality: hand-written intake tickets ('id, client, subject, description' with a header row).</summary>
    public string? IntakeFile { get; init; }
    /// <summary>quality: write each query's lexical candidates and nearest articles by meaning, both scores, as JSON lines.</summary>
    public string? TracePath { get; init; }
    /// <summary>Where the articles' vectors are kept between runs.</summary>
    public string? VectorsFolder { get; init; }
    /// <summary>The language model's weights (production's Search:Semantic:Precision): int8 (default) or float32.</summary>
    public KnowledgeBase.Search.Semantic.ModelPrecision Precision { get; init; } = KnowledgeBase.Search.Semantic.ModelPrecision.Int8;
    /// <summary>How the lexical engines' index files are read (production's Search:Directory): paged (default) or niofs.</summary>
    public KnowledgeBase.Search.IndexDirectoryKind IndexDirectory { get; init; } = KnowledgeBase.Search.IndexDirectoryKind.Paged;

    /// <summary>Returns null when help was asked for.</summary>
    public static BenchOptions? Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0) throw new UsageException("no command given: expected 'quality' or 'speed' (see --help)");
        if (args[0] is "help" || args.Any(a => a is "--help" or "-h")) return null;

        var command = args[0] switch
        {
            "quality" => BenchCommand.Quality,
            "speed" => BenchCommand.Speed,
            _ => throw new UsageException($"unknown command '{args[0]}': expected 'quality' or 'speed' (see --help)"),
        };

        string? articles = null, pg = null, json = null, engines = null, scale = null, mode = null, seconds = null, seed = null, slowest = null;
        string? intake = null, trace = null, vectors = null, directory = null, precision = null;
        var queries = new List<string>();
        for (var i = 1; i < args.Count; i++)
        {
            var name = args[i];
            switch (name)
            {
                case "--articles": articles = Value(args, ref i); break;
                case "--pg": pg = Value(args, ref i); break;
                case "--json": json = Value(args, ref i); break;
                case "--engines": engines = Value(args, ref i); break;
                case "--scale": scale = Value(args, ref i); break;
                case "--fts5-mode": mode = Value(args, ref i); break;
                case "--qps-seconds": seconds = Value(args, ref i); break;
                case "--seed": seed = Value(args, ref i); break;
                case "--slowest": slowest = Value(args, ref i); break;
                case "--intake": intake = Value(args, ref i); break;
                case "--trace": trace = Value(args, ref i); break;
                case "--vectors": vectors = Value(args, ref i); break;
                case "--directory": directory = Value(args, ref i); break;
                case "--precision": precision = Value(args, ref i); break;
                case "--queries":
                    queries.Add(Value(args, ref i));
                    // Several files may follow one --queries, up to the next option.
                    while (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal)) queries.Add(args[++i]);
                    break;
                default: throw new UsageException($"unknown option '{name}' (see --help)");
            }
        }

        if (articles is null) throw new UsageException("--articles DIR is required");
        if (!Directory.Exists(articles)) throw new UsageException($"articles folder not found: {articles}");
        if (queries.Count == 0) throw new UsageException("--queries FILE is required");
        foreach (var file in queries)
            if (!File.Exists(file)) throw new UsageException($"query file not found: {file}");
        var duplicate = queries.GroupBy(QuerySetName, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new UsageException($"two query files are both named '{duplicate.Key}' (results are keyed by file name without extension)");
        if (pg is not null) CheckConnectionString(pg);
        if (intake is not null && !File.Exists(intake)) throw new UsageException($"intake file not found: {intake}");
        if (command != BenchCommand.Quality && (intake is not null || trace is not null))
            throw new UsageException("--intake and --trace apply to 'quality' only");
        if (json is not null)
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(json));
            if (folder is not null && !Directory.Exists(folder)) throw new UsageException($"folder for --json not found: {folder}");
        }

        var scaleValue = 0;
        if (command == BenchCommand.Speed)
        {
            if (scale is null) throw new UsageException("speed needs --scale N (the number of articles to index)");
            if (!int.TryParse(scale, NumberStyles.None, CultureInfo.InvariantCulture, out scaleValue) || scaleValue < 1 || scaleValue > MaxScale)
                throw new UsageException($"--scale must be a whole number from 1 to {MaxScale:N0}, not '{scale}'");
        }
        else if (scale is not null)
        {
            throw new UsageException("--scale applies to 'speed' only; 'quality' indexes the articles as they are");
        }

        if (!KnowledgeBase.Search.SearchIndexOptions.TryParseDirectory(directory, out var directoryKind))
            throw new UsageException($"--directory must be paged or niofs, not '{directory}'");

        var precisionValue = precision?.ToLowerInvariant() switch
        {
            null or "int8" => KnowledgeBase.Search.Semantic.ModelPrecision.Int8,
            "float32" => KnowledgeBase.Search.Semantic.ModelPrecision.Float32,
            _ => throw new UsageException($"--precision must be int8 or float32, not '{precision}'"),
        };

        var qpsSeconds = 5.0;
        if (seconds is not null && (!double.TryParse(seconds, NumberStyles.Float, CultureInfo.InvariantCulture, out qpsSeconds) || qpsSeconds is < 0.5 or > 600))
            throw new UsageException($"--qps-seconds must be a number from 0.5 to 600, not '{seconds}'");
        var seedValue = 20_240_611;
        if (seed is not null && !int.TryParse(seed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out seedValue))
            throw new UsageException($"--seed must be a whole number, not '{seed}'");
        var slowestValue = 0;
        if (slowest is not null && (!int.TryParse(slowest, NumberStyles.None, CultureInfo.InvariantCulture, out slowestValue) || slowestValue > 1000))
            throw new UsageException($"--slowest must be a whole number from 0 to 1000, not '{slowest}'");

        return new BenchOptions
        {
            Command = command,
            ArticlesDirectory = articles,
            QueryFiles = queries,
            Engines = ParseEngines(engines, pg is not null),
            PostgresConnectionString = pg,
            JsonPath = json,
            Scale = scaleValue,
            Fts5Mode = ParseMode(mode),
            QpsSeconds = qpsSeconds,
            Seed = seedValue,
            Slowest = slowestValue,
            IntakeFile = intake,
            TracePath = trace,
            VectorsFolder = vectors,
            IndexDirectory = directoryKind,
            Precision = precisionValue,
        };
    }

    /// <summary>The key a query file's results go under: its file name without directory or extension ("typo").</summary>
    public static string QuerySetName(string path) => Path.GetFileNameWithoutExtension(path);

    private static IReadOnlyList<string> ParseEngines(string? list, bool hasPostgres)
    {
        if (list is null)
            return EngineCatalog.Names.Where(n => n != EngineCatalog.Postgres || hasPostgres).ToList();

        var names = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(n => n.ToLowerInvariant()).Distinct().ToList();
        if (names.Count == 0) throw new UsageException("--engines needs at least one of: " + string.Join(", ", EngineCatalog.Names));
        foreach (var name in names)
        {
            if (!EngineCatalog.Names.Contains(name))
                throw new UsageException($"unknown engine '{name}' (expected {string.Join(", ", EngineCatalog.Names)})");
            if (name == EngineCatalog.Postgres && !hasPostgres)
                throw new UsageException("engine 'postgres' needs --pg CONNSTRING");
        }
        // Report in the catalog's order whatever order they were asked in, so tables line up between runs.
        return EngineCatalog.Names.Where(names.Contains).ToList();
    }

    private static void CheckConnectionString(string pg)
    {
        try
        {
            _ = new NpgsqlConnectionStringBuilder(pg);
        }
        catch (ArgumentException ex)
        {
            throw new UsageException($"--pg is not a valid Npgsql connection string: {ex.Message}");
        }
        if (string.IsNullOrWhiteSpace(pg)) throw new UsageException("--pg needs a connection string");
    }

    private static Fts5Mode ParseMode(string? mode) => mode is null ? Fts5Mode.OrTitle
        : Fts5ModeNames.TryParse(mode, out var parsed) ? parsed
        : throw new UsageException($"--fts5-mode must be or, or-title or and, not '{mode}'");

    private static string Value(IReadOnlyList<string> args, ref int i)
    {
        var name = args[i];
        if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
            throw new UsageException($"{name} needs a value");
        return args[++i];
    }
}
