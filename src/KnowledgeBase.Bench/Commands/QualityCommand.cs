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

        var results = new List<QualityResult>();
        foreach (var name in options.Engines)
        {
            using var engine = EngineCatalog.Create(name, options);
            var start = Stopwatch.GetTimestamp();
            engine.Build(articles);
            progress.WriteLine($"{name}: built in {Stopwatch.GetElapsedTime(start).TotalSeconds:F1} s");
            QueryTimer.WarmUp(engine, sets.SelectMany(s => s.Queries.Take(WarmUpPerSet)));
            foreach (var set in sets)
            {
                var (milliseconds, ranks) = QueryTimer.RunOnce(engine, set.Queries);
                results.Add(new QualityResult(name, set.Name, ranks.Length,
                    Mrr10: ranks.Average(r => r > 0 ? 1.0 / r : 0),
                    Recall10: ranks.Average(r => r > 0 ? 1.0 : 0),
                    Recall1: ranks.Average(r => r == 1 ? 1.0 : 0),
                    P50Ms: Percentile.NearestRank(milliseconds, 50),
                    P99Ms: Percentile.NearestRank(milliseconds, 99)));
            }
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
