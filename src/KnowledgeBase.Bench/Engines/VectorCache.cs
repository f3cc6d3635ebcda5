using System.Diagnostics;
using KnowledgeBase.Bench.Corpus;
using KnowledgeBase.Search.Semantic;

namespace KnowledgeBase.Bench.Engines;

/// <summary>
/// The articles' vectors, kept between runs in a file per model keyed by the embedded text's hash — as production keeps
/// them in the database — so only articles whose text changed are embedded again (5,721 take minutes, 100,000 an hour).
/// </summary>
public static class VectorCache
{
    private static readonly Lock Gate = new();
    private static MiniLmEmbedder? _embedder;

    public static string Folder { get; set; } = Path.Combine(Path.GetTempPath(), "kb-bench-vectors");

    /// <summary>The model's weights (set before the model is first used).</summary>
    public static ModelPrecision Precision { get; set; } = ModelPrecision.Int8;

    /// <summary>The process's one model (loading it takes a second and 300+ MB).</summary>
    public static MiniLmEmbedder Embedder
    {
        get
        {
            lock (Gate) return _embedder ??= new MiniLmEmbedder(MiniLmEmbedder.DefaultMaxPieces, Precision);
        }
    }

    /// <summary>An article's vectors: its whole text's and, when it has an Issue section, its symptoms'.</summary>
    public sealed record ArticleVectors(float[] Whole, float[]? Symptoms);

    /// <summary>Every article's vectors, from the cache or embedded now (with progress on <paramref name="progress"/>).</summary>
    public static IReadOnlyDictionary<string, ArticleVectors> For(IReadOnlyList<ProductionArticle> articles, TextWriter progress)
    {
        var embedder = Embedder;
        Directory.CreateDirectory(Folder);
        var path = Path.Combine(Folder, string.Concat(embedder.ModelKey.Select(c => char.IsLetterOrDigit(c) || c is '.' or '-' ? c : '_')) + ".bin");
        var known = Load(path, embedder.Dimensions);
        var byHash = new Dictionary<string, float[]>(StringComparer.Ordinal);
        var missing = new List<(string Hash, string Text)>();
        var queued = new HashSet<string>(StringComparer.Ordinal);
        var synthetic = new List<ProductionArticle>();
        foreach (var article in articles)
        {
            if (IsSynthetic(article.Id))
            {
                synthetic.Add(article);
                continue;
            }
            foreach (var text in new[] { article.EmbeddingText, article.SymptomText })
            {
                if (text is null) continue;
                var hash = EmbeddingText.Hash(text);
                if (known.TryGetValue(hash, out var vector)) byHash[hash] = vector;
                else if (queued.Add(hash)) missing.Add((hash, text));
            }
        }
        if (missing.Count > 0)
        {
            progress.WriteLine($"embedding {missing.Count:N0} texts ({known.Count:N0} cached in {path})…");
            using var file = new FileStream(path, FileMode.Append, FileAccess.Write);
            using var writer = new BinaryWriter(file);
            var start = Stopwatch.GetTimestamp();
            for (var i = 0; i < missing.Count; i++)
            {
                var vector = embedder.Embed(missing[i].Text);
                byHash[missing[i].Hash] = vector;
                writer.Write(Convert.FromHexString(missing[i].Hash));
                foreach (var v in vector) writer.Write(v);
                if ((i + 1) % 250 == 0 || i + 1 == missing.Count)
                {
                    writer.Flush();
                    var rate = (i + 1) / Stopwatch.GetElapsedTime(start).TotalSeconds;
                    progress.WriteLine($"  {i + 1:N0}/{missing.Count:N0}, {rate:F1} texts/s, {(missing.Count - i - 1) / rate / 60:F1} min left");
                }
            }
            LastThroughput = missing.Count / Stopwatch.GetElapsedTime(start).TotalSeconds;
            LastPieces = missing.Average(m => embedder.Tokenizer.Encode(m.Text, embedder.MaxPieces).Length);
        }
        var vectors = articles.Where(a => !IsSynthetic(a.Id)).ToDictionary(a => a.Id,
            a => new ArticleVectors(byHash[EmbeddingText.Hash(a.EmbeddingText)], a.SymptomText is { } s ? byHash[EmbeddingText.Hash(s)] : null),
            StringComparer.Ordinal);
        if (synthetic.Count > 0)
        {
            // Articles the speed benchmark synthesised (recombined from real paragraphs) get a blend of two real
            // articles' vectors instead of an hour of embedding: a search's cost does not depend on the values.
            progress.WriteLine($"{synthetic.Count:N0} synthesised articles get blended vectors of real ones (not embedded)");
            // Synthesised articles have an Issue section as often as real ones do, so they get a second vector as often.
            var real = vectors.Values.ToArray();
            foreach (var article in synthetic)
            {
                var random = new Random(StableHash(article.Id));
                var a = real[random.Next(real.Length)];
                var b = real[random.Next(real.Length)];
                vectors[article.Id] = new ArticleVectors(Blend(a.Whole, b.Whole), a.Symptoms is { } s ? Blend(s, b.Symptoms ?? b.Whole) : null);
            }
        }
        return vectors;
    }

    private static float[] Blend(float[] a, float[] b)
    {
        var blend = new float[a.Length];
        for (var d = 0; d < blend.Length; d++) blend[d] = a[d] + b[d];
        var norm = MathF.Sqrt(blend.Sum(v => v * v));
        for (var d = 0; d < blend.Length; d++) blend[d] /= norm;
        return blend;
    }

    private static bool IsSynthetic(string id) =>
        id.Length > 6 && int.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)
        && n >= CorpusSynthesizer.FirstSyntheticId;

    private static int StableHash(string id) => id.Aggregate(17, (h, c) => unchecked(h * 31 + c));

    /// <summary>Articles per second of the last embedding run of this process (null when everything was cached).</summary>
    public static double? LastThroughput { get; private set; }

    /// <summary>Average word pieces of the texts embedded in the last run (throughput depends on it).</summary>
    public static double? LastPieces { get; private set; }

    private static Dictionary<string, float[]> Load(string path, int dimensions)
    {
        var vectors = new Dictionary<string, float[]>(StringComparer.Ordinal);
        if (!File.Exists(path)) return vectors;
        using var reader = new BinaryReader(File.OpenRead(path));
        var record = 32 + 4 * dimensions;
        while (reader.BaseStream.Length - reader.BaseStream.Position >= record)
        {
            var hash = Convert.ToHexStringLower(reader.ReadBytes(32));
            var vector = new float[dimensions];
            for (var d = 0; d < dimensions; d++) vector[d] = reader.ReadSingle();
            vectors[hash] = vector;
        }
        return vectors;
    }
}
