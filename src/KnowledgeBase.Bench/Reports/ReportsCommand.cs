using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using KnowledgeBase.Bench.Measurement;
using KnowledgeBase.Bench.Reporting;
using KnowledgeBase.Core.Reports;
using KnowledgeBase.Data;
using KnowledgeBase.Data.Articles;
using KnowledgeBase.Data.Reports;
using KnowledgeBase.Data.Tickets;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace KnowledgeBase.Bench.Reports;

/// <summary>
/// The reuse-report benchmark (issue 5, "Measure"): generate the volume, then time every report on SQLite and, with
/// --pg, on PostgreSQL. Target: each ≤ 1 s.
/// </summary>
public static class ReportsCommand
{
    public static int Run(string[] args, TextWriter output, TextWriter progress)
    {
        var options = ReportsOptions.Parse(args);
        if (options is null)
        {
            output.Write(ReportsOptions.Help);
            return 0;
        }
        MachineInfo.Write(output, ["reports", .. args]);
        RunAsync(options, output, progress).GetAwaiter().GetResult();
        return 0;
    }

    private static async Task RunAsync(ReportsOptions options, TextWriter output, TextWriter progress)
    {
        // A fixed "now" keeps the generated data identical between runs and providers.
        var now = new DateTime(2026, 3, 2, 12, 0, 0, DateTimeKind.Utc);
        var timings = new List<ReportTiming>();

        var folder = Directory.CreateTempSubdirectory("kb-bench-reports-").FullName;
        try
        {
            using var sqlite = new KnowledgeBaseContextFactory(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(folder, "reports.db")}");
            timings.AddRange(await MeasureAsync("sqlite", sqlite, options, now, progress));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }

        if (options.PostgresConnectionString is { } admin)
        {
            var name = $"kb_bench_reports_{Environment.ProcessId}";
            await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS \"{name}\"");
            await ExecuteAsync(admin, $"CREATE DATABASE \"{name}\"");
            try
            {
                var connectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
                using var postgres = new KnowledgeBaseContextFactory(DatabaseProvider.PostgreSql, connectionString);
                timings.AddRange(await MeasureAsync("postgres", postgres, options, now, progress));
            }
            finally
            {
                NpgsqlConnection.ClearAllPools();
                await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS \"{name}\"");
            }
        }

        output.WriteLine($"volume: {options.Tickets:N0} tickets, {options.Links:N0} links, {options.Searches:N0} searches, {options.Articles:N0} articles (seed {options.Seed}); " +
            $"window 90 days; {options.Runs} runs after a warm-up");
        var providers = timings.Select(t => t.Provider).Distinct().ToList();
        var table = new TextTable(["report", .. providers.SelectMany(p => new[] { $"{p} median ms", $"{p} p99 ms" })]);
        foreach (var report in timings.Select(t => t.Report).Distinct())
        {
            var cells = new List<string> { report };
            foreach (var provider in providers)
            {
                var t = timings.Single(x => x.Provider == provider && x.Report == report);
                cells.Add(F(t.MedianMs));
                cells.Add(F(t.P99Ms));
            }
            table.Add([.. cells]);
        }
        table.Write(output);
        var slowest = timings.MaxBy(t => t.P99Ms)!;
        output.WriteLine($"slowest p99: {slowest.Report} on {slowest.Provider}, {F(slowest.P99Ms)} ms (target ≤ 1000 ms)");

        if (options.JsonPath is not null)
        {
            var json = timings.GroupBy(t => t.Provider).ToDictionary(g => g.Key,
                g => g.ToDictionary(t => t.Report, t => new { median_ms = Math.Round(t.MedianMs, 2), p99_ms = Math.Round(t.P99Ms, 2) }));
            await File.WriteAllTextAsync(options.JsonPath, JsonSerializer.Serialize(json, new JsonSerializerOptions { WriteIndented = true }));
            output.WriteLine($"json: {options.JsonPath}");
        }
    }

    private static async Task<IReadOnlyList<ReportTiming>> MeasureAsync(string provider, KnowledgeBaseContextFactory factory, ReportsOptions options, DateTime now, TextWriter progress)
    {
        var start = Stopwatch.GetTimestamp();
        await factory.MigrateAsync();
        progress.WriteLine($"{provider}: generating…");
        await LedgerVolumeGenerator.GenerateAsync(factory, options, now, progress);
        progress.WriteLine($"{provider}: generated in {Stopwatch.GetElapsedTime(start).TotalSeconds:F1} s; timing reports…");

        var clock = new FixedTime(now);
        var reports = new ReuseReports(factory);
        var stale = new StaleDocumentation(factory, clock);
        var queue = new ReviewQueue(factory, clock, new ArticleStore(factory, clock), new ReuseLedger(factory, clock));
        var period = ReportPeriod.LastDays(now, 90);
        var busiest = await BusiestOwnerAsync(factory);
        var busiestTechnician = (await reports.ParticipationAsync(period, new ReportFilter(ReportSlice.Owner, busiest))).MaxBy(r => r.ClosedTickets)?.Technician ?? ReportKeys.None;
        progress.WriteLine($"{provider}: busiest owner {busiest}, their busiest technician {busiestTechnician}");

        var cases = new (string Name, Func<Task<int>> Run)[]
        {
            ("reuse by owner", async () => (await reports.ReuseAsync(period, ReportSlice.Owner)).Count),
            ("reuse by category", async () => (await reports.ReuseAsync(period, ReportSlice.Category)).Count),
            ("reuse by client", async () => (await reports.ReuseAsync(period, ReportSlice.Client)).Count),
            ("reuse by technician", async () => (await reports.ReuseAsync(period, ReportSlice.Technician)).Count),
            ("reuse by category, one owner", async () => (await reports.ReuseAsync(period, ReportSlice.Category, new ReportFilter(ReportSlice.Owner, busiest))).Count),
            ("weekly trends (14 weeks, effectiveness included)", async () => (await reports.TrendsAsync(period)).Count),
            ("weekly trends, one owner", async () => (await reports.TrendsAsync(period, new ReportFilter(ReportSlice.Owner, busiest))).Count),
            ("participation, one owner", async () => (await reports.ParticipationAsync(period, new ReportFilter(ReportSlice.Owner, busiest))).Count),
            ("top reused", async () => (await reports.TopReusedAsync(period)).Count),
            ("least effective", async () => (await reports.LeastEffectiveAsync(period)).Count),
            ("search stats", async () => (int)(await reports.SearchStatsAsync(period)).Searches),
            ("content gaps", async () => (await reports.ContentGapsAsync(period)).ZeroResultQueries.Count),
            ("drill-down unlinked, page 1", async () => (await reports.TicketsAsync(period, TicketMeasure.Unlinked)).Items.Count),
            ("drill-down owner + technician linked, page 1", async () => (await reports.TicketsAsync(period, TicketMeasure.Linked,
                new ReportFilter(ReportSlice.Owner, busiest).And(ReportSlice.Technician, busiestTechnician))).Items.Count),
            ("drill-down resolved links, page 1", async () => (await reports.LinksAsync(period, resolvedOnly: true)).Items.Count),
            ("drill-down zero-result searches, page 1", async () => (await reports.SearchesAsync(period, SearchMeasure.ZeroResult)).Items.Count),
            ("stale documentation (all)", async () => (await stale.EvaluateAsync()).Count),
            ("review queue (busiest owner)", async () => (await queue.ForOwnerAsync(busiest)).Count),
        };

        var timings = new List<ReportTiming>();
        foreach (var (name, run) in cases)
        {
            var rows = await run();
            var ms = new List<double>();
            for (var i = 0; i < options.Runs; i++)
            {
                var t = Stopwatch.GetTimestamp();
                await run();
                ms.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            }
            var timing = new ReportTiming(provider, name, Percentile.NearestRank(ms, 50), Percentile.NearestRank(ms, 99), options.Runs);
            progress.WriteLine($"{provider}: {name}: median {F(timing.MedianMs)} ms, p99 {F(timing.P99Ms)} ms ({rows} rows)");
            timings.Add(timing);
        }
        return timings;
    }

    private static async Task<string> BusiestOwnerAsync(KnowledgeBaseContextFactory factory)
    {
        await using var db = factory.CreateDbContext();
        var owners = await db.ArticleCategories.Where(c => c.Position == 0)
            .Join(db.Categories, ac => ac.CategoryId, c => c.Id, (ac, c) => c.Owner)
            .GroupBy(o => o).Select(g => new { Owner = g.Key, Count = g.Count() })
            .OrderByDescending(g => g.Count).ThenBy(g => g.Owner).FirstAsync();
        return owners.Owner;
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static string F(double value) => value.ToString(value < 100 ? "F1" : "F0", CultureInfo.InvariantCulture);

    private sealed class FixedTime(DateTime now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(now);
    }
}
