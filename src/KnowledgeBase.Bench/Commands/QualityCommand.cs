using System.Diagnostics;
using System.Globalization;
using KnowledgeBase.Bench.Cli;
using KnowledgeBase.Bench.Corpus;
using KnowledgeBase.Bench.Engines;
using KnowledgeBase.Bench.Measurement;
using KnowledgeBase.Bench.Reporting;

namespace KnowledgeBase.Bench.Commands;

/// <summary>Indexes the real articles in each engine and scores every query file against each: ranks first, then latency.</summary>
public static class QualityCommand
{
    // Enough queries to JIT and fill caches on every path without doubling the run.
    private const int WarmUpPerSet = 100;

    public static void Run(BenchOptions options, TextWriter output, TextWriter progress)
    {
        var sets = options.QueryFiles.Select(QuerySet.Load).ToList();
        var articles = ArticleLoader.Load(options.ArticlesDirectory);
        progress.WriteLine($"loaded {articles.Count:N0} articles and {sets.Sum(s => s.Queries.Count):N0} queries in {sets.Count} set(s)");
        WarnAboutMissingIds(articles, sets, progress);

        var intake = options.IntakeFile is null ? null : IntakeSet.Load(options.IntakeFile);
        if (intake is not null) WarnAboutMissingIds(articles, [new QuerySet(IntakeSet.Name, intake.Select(t => new BenchQuery(t.Subject, t.ExpectedId)).ToList())], progress);

        // What production indexes (rendered, plain text), prepared once for every engine and outside the timed build.
        ProductionCorpus.Of(articles);

        var results = new List<QualityResult>();
        foreach (var name in options.Engines)
        {
            using var engine = EngineCatalog.Create(name, options, progress);
            var start = Stopwatch.GetTimestamp();
            engine.Build(articles);
            progress.WriteLine($"{name}: built in {Stopwatch.GetElapsedTime(start).TotalSeconds:F1} s");
            QueryTimer.WarmUp(engine, sets.SelectMany(s => s.Queries.Take(WarmUpPerSet)));
            foreach (var set in sets)
                results.Add(Score(name, set.Name, QueryTimer.RunOnce(engine, set.Queries)));
            if (intake is not null)
                results.Add(Score(name, IntakeSet.Name, QueryTimer.RunIntake(engine, intake)));
            if (engine is DenseBenchEngine dense)
            {
                // What the 8-bit codes cost: the same dense search over the float32 vectors.
                foreach (var set in sets)
                    results.Add(Score(name + "-f32", set.Name, QueryTimer.RunOnce(new ExactDense(dense), set.Queries)));
                if (intake is not null)
                    results.Add(Score(name + "-f32", IntakeSet.Name, QueryTimer.RunIntake(new ExactDense(dense), intake)));
            }
            if (engine is LuceneBenchEngine { Name: EngineCatalog.Lucene } served && options.TracePath is not null)
                FusionTrace.Write(options.TracePath, served.Service, sets, intake, progress);
        }

        if (options.Engines.Contains(EngineCatalog.Fts5))
            output.WriteLine($"fts5 mode: {Fts5ModeNames.Format(options.Fts5Mode)}");
        var table = new TextTable("engine", "set", "queries", "MRR@10", "R@10", "R@1", "p50 ms", "p99 ms");
        foreach (var r in results)
            table.Add(r.Engine, r.QuerySet, r.Queries.ToString(CultureInfo.InvariantCulture), F(r.Mrr10, "F3"), F(r.Recall10, "F3"),
                F(r.Recall1, "F3"), F(r.P50Ms, "F2"), F(r.P99Ms, "F2"));
        table.Write(output);

        if (options.JsonPath is not null)
        {
            JsonReport.WriteQuality(options.JsonPath, results);
            output.WriteLine();
            output.WriteLine($"json: {options.JsonPath}");
        }
    }

    private static QualityResult Score(string engine, string set, (double[] Milliseconds, int[] Ranks) run)
    {
        var (milliseconds, ranks) = run;
        return new QualityResult(engine, set, ranks.Length,
            Mrr10: ranks.Average(r => r > 0 ? 1.0 / r : 0),
            Recall10: ranks.Average(r => r > 0 ? 1.0 : 0),
            Recall1: ranks.Average(r => r == 1 ? 1.0 : 0),
            P50Ms: Percentile.NearestRank(milliseconds, 50),
            P99Ms: Percentile.NearestRank(milliseconds, 99));
    }

    /// <summary>The dense engine's float32 search, as an engine the timer can run.</summary>
    private sealed class ExactDense(DenseBenchEngine dense) : IBenchEngine
    {
        public string Name => "dense-f32";
        public void Build(IReadOnlyList<BenchArticle> articles) { }
        public long IndexBytes() => 0;
        public IReadOnlyList<string> Search(string query, int limit) => dense.SearchExact(query, limit);
        public void Dispose() { }
    }

    private static void WarnAboutMissingIds(IReadOnlyList<BenchArticle> articles, IReadOnlyList<QuerySet> sets, TextWriter progress)
    {
        var ids = articles.Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var set in sets)
        {
            var missing = set.Queries.Count(q => !ids.Contains(q.ExpectedId));
            if (missing > 0)
                progress.WriteLine($"warning: {missing} of {set.Queries.Count} queries in '{set.Name}' expect an article that is not in the folder; they count as misses");
        }
    }

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
