using System.Globalization;
using KnowledgeBase.Bench.Cli;
using Npgsql;

namespace KnowledgeBase.Bench.Reports;

/// <summary>The command line of the <c>reports</c> benchmark.</summary>
public sealed record ReportsOptions
{
    public const string Help = """
        usage:
          dotnet run -c Release --project src/KnowledgeBase.Bench -- reports [--pg CONNSTRING] [--tickets N] [--links N]
                [--searches N] [--articles N] [--runs N] [--seed N] [--json OUT]

        Generates a reuse ledger of that volume into a fresh SQLite file (and a fresh PostgreSQL database created on the
        server of --pg, dropped at the end), then times every report of the reuse dashboard, the stale-documentation
        report and the busiest owner's review queue: median and p99 ms over --runs runs after one warm-up.
        Defaults: 100,000 tickets, 300,000 links, 50,000 searches, 3,000 articles, 7 runs, seed 20240611.
        """;

    public string? PostgresConnectionString { get; init; }
    public int Tickets { get; init; } = 100_000;
    public int Links { get; init; } = 300_000;
    public int Searches { get; init; } = 50_000;
    public int Articles { get; init; } = 3_000;
    public int Runs { get; init; } = 7;
    public int Seed { get; init; } = 20_240_611;
    public string? JsonPath { get; init; }

    /// <summary>Returns null when help was asked for.</summary>
    public static ReportsOptions? Parse(IReadOnlyList<string> args)
    {
        if (args.Any(a => a is "--help" or "-h")) return null;
        var options = new ReportsOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            options = name switch
            {
                "--pg" => options with { PostgresConnectionString = CheckPostgres(Value(args, ref i)) },
                "--tickets" => options with { Tickets = Number(name, Value(args, ref i), 1, 10_000_000) },
                "--links" => options with { Links = Number(name, Value(args, ref i), 0, 50_000_000) },
                "--searches" => options with { Searches = Number(name, Value(args, ref i), 0, 10_000_000) },
                "--articles" => options with { Articles = Number(name, Value(args, ref i), 10, 1_000_000) },
                "--runs" => options with { Runs = Number(name, Value(args, ref i), 1, 1000) },
                "--seed" => options with { Seed = Number(name, Value(args, ref i), int.MinValue, int.MaxValue) },
                "--json" => options with { JsonPath = Value(args, ref i) },
                _ => throw new UsageException($"unknown option '{name}' for reports (see reports --help)"),
            };
        }
        if (options.Links > (long)options.Tickets * Math.Min(options.Articles, 20))
            throw new UsageException("--links is more than the tickets can hold (one link per ticket and article, at most 20 per ticket)");
        return options;
    }

    private static string CheckPostgres(string value)
    {
        try
        {
            _ = new NpgsqlConnectionStringBuilder(value);
        }
        catch (ArgumentException ex)
        {
            throw new UsageException($"--pg is not a valid Npgsql connection string: {ex.Message}");
        }
        return value;
    }

    private static int Number(string name, string value, int min, int max) =>
        int.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw new UsageException($"{name} must be a whole number from {min:N0} to {max:N0}, not '{value}'");

    private static string Value(IReadOnlyList<string> args, ref int i)
    {
        var name = args[i];
        if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
            throw new UsageException($"{name} needs a value");
        return args[++i];
    }
}
