using System.Diagnostics;
using System.Globalization;
using KnowledgeBase.Bench.Corpus;
using KnowledgeBase.Bench.Measurement;
using KnowledgeBase.Bench.Reporting;
using KnowledgeBase.Search.Semantic;

namespace KnowledgeBase.Bench.Commands;

/// <summary>
/// The language model alone, in both precisions: load time, a query's and an article's
/// embedding time (one text per run, one thread, as production runs it), and how alike the 8-bit model's vectors are
/// to the float model's for the same texts.
/// usage: model --articles DIR --queries FILE... [--limit N (articles embedded, default 300)]
/// </summary>
public static class ModelCommand
{
    private const string Usage = "usage: model --articles DIR --queries FILE... [--limit N]";

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        string? articles = null;
        var queryFiles = new List<string>();
        var limit = 300;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--articles" when i + 1 < args.Length: articles = args[++i]; break;
                case "--limit" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0:
                    limit = n;
                    i++;
                    break;
                case "--queries":
                    while (i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal)) queryFiles.Add(args[++i]);
                    break;
                default:
                    error.WriteLine($"model: unknown or incomplete option '{args[i]}'");
                    error.WriteLine(Usage);
                    return 2;
            }
        }
        if (articles is null || !Directory.Exists(articles) || queryFiles.Count == 0 || queryFiles.Any(f => !File.Exists(f)))
        {
            error.WriteLine(articles is not null && !Directory.Exists(articles) ? $"model: articles folder not found: {articles}"
                : queryFiles.FirstOrDefault(f => !File.Exists(f)) is { } missing ? $"model: query file not found: {missing}" : Usage);
            return 2;
        }

        MachineInfo.Write(output, ["model", .. args]);
        var queries = queryFiles.SelectMany(File.ReadLines).Select(l => l.Split('\t')[0].Trim()).Where(q => q.Length > 0).Distinct().ToList();
        var texts = ProductionCorpus.Of(ArticleLoader.Load(articles).Take(limit).ToList()).Select(a => a.EmbeddingText).ToList();
        output.WriteLine($"{queries.Count:N0} queries, {texts.Count:N0} articles' texts (what production embeds: title and plain text, 256 word pieces)");
        output.WriteLine();
        // (No memory column: the second model would reuse what the first freed. The site's resident memory with each
        // precision is measured by running it; docs/semantic-search.md.)
        output.WriteLine("precision  load s  query p50 ms  p95 ms  article p50 ms  p95 ms  articles/s");
        var vectors = new Dictionary<ModelPrecision, (List<float[]> Queries, List<float[]> Articles)>();
        foreach (var precision in new[] { ModelPrecision.Float32, ModelPrecision.Int8 })
        {
            var load = Stopwatch.StartNew();
            using var model = new MiniLmEmbedder(MiniLmEmbedder.DefaultMaxPieces, precision);
            var loadSeconds = load.Elapsed.TotalSeconds;
            model.Embed("warm up the model once");
            var (queryVectors, queryTimes) = Time(model, queries);
            var (articleVectors, articleTimes) = Time(model, texts);
            output.WriteLine($"{precision.ToString().ToLowerInvariant(),-9}  {loadSeconds,6:F1}  {P(queryTimes, 50),12:F2}  {P(queryTimes, 95),6:F2}  " +
                $"{P(articleTimes, 50),14:F2}  {P(articleTimes, 95),6:F2}  {1000 / articleTimes.Average(),10:F1}");
            vectors[precision] = (queryVectors, articleVectors);
        }
        output.WriteLine();
        foreach (var (label, pick) in new (string, Func<(List<float[]> Queries, List<float[]> Articles), List<float[]>>)[] { ("queries", v => v.Queries), ("articles", v => v.Articles) })
        {
            var cosines = pick(vectors[ModelPrecision.Int8]).Zip(pick(vectors[ModelPrecision.Float32]), (a, b) => VectorMath.Dot(a, b)).Order().ToList();
            output.WriteLine($"int8 against float32, {label}: cosine of the same text's vectors mean {cosines.Average():F4}, 5th percentile {cosines[cosines.Count / 20]:F4}, min {cosines[0]:F4}");
        }
        return 0;
    }

    private static (List<float[]> Vectors, List<double> Milliseconds) Time(MiniLmEmbedder model, List<string> texts)
    {
        var vectors = new List<float[]>(texts.Count);
        var times = new List<double>(texts.Count);
        foreach (var text in texts)
        {
            var started = Stopwatch.GetTimestamp();
            vectors.Add(model.Embed(text));
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        return (vectors, times);
    }

    private static double P(List<double> values, int percentile) => Percentile.NearestRank(values, percentile);
}
