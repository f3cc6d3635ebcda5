using System.Diagnostics;
using System.Globalization;
using KnowledgeBase.Bench.Cli;
using KnowledgeBase.Bench.Corpus;
using KnowledgeBase.Bench.Engines;
using KnowledgeBase.Bench.Measurement;
using KnowledgeBase.Bench.Reporting;

namespace KnowledgeBase.Bench.Commands;

/// <summary>
/// Grows the articles to --scale, then per engine: build time, size on disk, single-thread latency over the query
/// file after a warm-up pass, and throughput with two threads for a fixed time.
/// </summary>
public static class SpeedCommand
{
    private const int Threads = 2;

    // The SQL peers need minutes per pass at 100k (PostgreSQL ~0.5 s a query); these bounds keep a run of all three
    // engines near ten minutes. Half a minute of queries has them as warm as they get, and two minutes of a shuffled
    // list is a fair sample of it.
    private static readonly TimeSpan WarmUpBudget = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan LatencyBudget = TimeSpan.FromSeconds(120);

    public static void Run(BenchOptions options, TextWriter output, TextWriter progress)
    {
        // Several files make one list, shuffled with the seed so that a pass cut short by its budget is still a fair
        // sample (kb-eval's typo.tsv, for one, holds all the error-message queries first).
        var queries = options.QueryFiles.SelectMany(f => QuerySet.Load(f).Queries).ToArray();
        new Random(options.Seed).Shuffle(queries);
        var real = ArticleLoader.Load(options.ArticlesDirectory);
        var start = Stopwatch.GetTimestamp();
        var corpus = CorpusSynthesizer.Build(real, options.Scale, options.Seed);
        progress.WriteLine($"corpus: {corpus.Count:N0} articles ({real.Count:N0} real, {Math.Max(0, corpus.Count - real.Count):N0} synthesized, " +
            $"{corpus.Sum(a => (long)a.Title.Length + a.Body.Length) / 1_000_000.0:F0} M chars) in {Stopwatch.GetElapsedTime(start).TotalSeconds:F1} s; {queries.Length:N0} queries");

        // What production indexes (rendered, plain text), prepared once for every engine and outside the timed build.
        start = Stopwatch.GetTimestamp();
        ProductionCorpus.Of(corpus);
        progress.WriteLine($"rendered as production stores them in {Stopwatch.GetElapsedTime(start).TotalSeconds:F1} s");

        var results = new List<SpeedResult>();
        foreach (var name in options.Engines)
        {
            // Let the previous engine's garbage go before timing the next one.
            GC.Collect();
            GC.WaitForPendingFinalizers();
            using var engine = EngineCatalog.Create(name, options);
            progress.WriteLine($"{name}: building…");
            start = Stopwatch.GetTimestamp();
            engine.Build(corpus);
            var buildSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            var bytes = engine.IndexBytes();
            var segments = engine is LuceneBenchEngine lucene ? $", {lucene.Segments()} segments" : "";
            progress.WriteLine($"{name}: built in {buildSeconds:F1} s, {bytes / 1_048_576.0:F0} MiB{segments}; warming up…");
            if (VectorCache.LastThroughput is { } rate) progress.WriteLine($"{name}: embedded {rate:F1} articles/s (one at a time, one thread)");

            QueryTimer.WarmUp(engine, queries, WarmUpBudget);
            var gcBefore = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());
            var (milliseconds, ranks) = QueryTimer.RunOnce(engine, queries, LatencyBudget);
            if (options.Slowest > 0)
            {
                progress.WriteLine($"{name}: garbage collections during the timed pass: gen0 {GC.CollectionCount(0) - gcBefore.Item1}, " +
                    $"gen1 {GC.CollectionCount(1) - gcBefore.Item2}, gen2 {GC.CollectionCount(2) - gcBefore.Item3}, " +
                    $"paused {(GC.GetTotalPauseDuration() - gcBefore.Item4).TotalMilliseconds:F0} ms");
                foreach (var i in Enumerable.Range(0, milliseconds.Length).OrderByDescending(i => milliseconds[i]).Take(options.Slowest))
                    progress.WriteLine($"  {milliseconds[i],8:F2} ms  {queries[i].Text}");
            }
            progress.WriteLine($"{name}: p50 {Percentile.NearestRank(milliseconds, 50):F2} ms over {milliseconds.Length} of {queries.Length} queries; " +
                $"{Threads} threads for {options.QpsSeconds:F0} s…");
            var qps = QueryTimer.Throughput(engine, queries, Threads, TimeSpan.FromSeconds(options.QpsSeconds));
            if (engine is LuceneBenchEngine withMeaning && withMeaning.ScanTimes(queries.Select(q => q.Text).ToList()) is { } scan)
                progress.WriteLine($"{name}: the scan by meaning alone (nearest {scan.Nearest} of {scan.Vectors:N0} vectors, one thread): " +
                    $"p50 {scan.P50:F2} ms, p99 {scan.P99:F2} ms");
            GC.Collect();
            using (var self = System.Diagnostics.Process.GetCurrentProcess())
                progress.WriteLine($"{name}: process resident {self.WorkingSet64 / 1_048_576.0:F0} MiB, managed heap {GC.GetTotalMemory(false) / 1_048_576.0:F0} MiB after the runs");

            results.Add(new SpeedResult(name, corpus.Count, buildSeconds, corpus.Count / buildSeconds, bytes,
                Percentile.NearestRank(milliseconds, 50), Percentile.NearestRank(milliseconds, 99), qps,
                milliseconds.Length, ranks.Average(r => r > 0 ? 1.0 / r : 0)));
        }

        output.WriteLine($"corpus: {corpus.Count:N0} articles (seed {options.Seed}); queries: {queries.Length:N0} from {string.Join(", ", options.QueryFiles.Select(BenchOptions.QuerySetName))}");
        if (options.Engines.Contains(EngineCatalog.Fts5)) output.WriteLine($"fts5 mode: {Fts5ModeNames.Format(options.Fts5Mode)}");
        var table = new TextTable("engine", "build s", "docs/s", "index MiB", "p50 ms", "p99 ms", $"QPS {Threads}t", "timed", "MRR@10");
        foreach (var r in results)
            table.Add(r.Engine, F(r.BuildSeconds, "F1"), F(r.DocsPerSecond, "N0"), F(r.IndexBytes / 1_048_576.0, "F1"),
                F(r.P50Ms, "F2"), F(r.P99Ms, "F2"), F(r.Qps2Threads, r.Qps2Threads < 100 ? "F1" : "N0"),
                r.Queries.ToString(CultureInfo.InvariantCulture), F(r.Mrr10, "F3"));
        table.Write(output);
        output.WriteLine("(timed: queries in the single-thread pass, cut after 2 min; MRR@10 over those at this scale, where the");
        output.WriteLine(" synthesized articles compete with the expected ones.)");

        if (options.JsonPath is not null)
        {
            JsonReport.WriteSpeed(options.JsonPath, results);
            output.WriteLine();
            output.WriteLine($"json: {options.JsonPath}");
        }
    }

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
