using KnowledgeBase.Bench.Corpus;
using KnowledgeBase.Search.Semantic;

namespace KnowledgeBase.Bench.Engines;

/// <summary>
/// Dense retrieval alone: the query's vector against every article's, as production holds them (8-bit codes), nearest
/// first. Not something production serves: the reference the fusion is measured against.
/// </summary>
public sealed class DenseBenchEngine(TextWriter? progress = null) : IBenchEngine
{
    private VectorIndex? _vectors;
    private IReadOnlyDictionary<string, VectorCache.ArticleVectors>? _exact;

    public string Name => EngineCatalog.Dense;

    public void Build(IReadOnlyList<BenchArticle> articles)
    {
        var production = ProductionCorpus.Of(articles);
        _exact = VectorCache.For(production, progress ?? TextWriter.Null);
        _vectors = new VectorIndex(VectorCache.Embedder.Dimensions);
        foreach (var (id, vectors) in _exact) _vectors.Set(id, vectors.Whole, vectors.Symptoms);
    }

    public long IndexBytes() => (long)(_vectors?.Count ?? 0) * ((_vectors?.Dimensions ?? 0) + sizeof(float));

    public IReadOnlyList<string> Search(string query, int limit)
    {
        var vectors = _vectors ?? throw new InvalidOperationException("Build the engine first.");
        var vector = VectorCache.Embedder.Embed(EmbeddingText.ForQuery(query));
        return vectors.Nearest(vector, limit).Select(n => n.Id).ToList();
    }

    /// <summary>The same search over the float32 vectors (what the 8-bit codes lose, for the quantisation figure).</summary>
    public IReadOnlyList<string> SearchExact(string query, int limit)
    {
        var exact = _exact ?? throw new InvalidOperationException("Build the engine first.");
        var vector = VectorCache.Embedder.Embed(EmbeddingText.ForQuery(query));
        return exact.Select(kv => (kv.Key, Score: Math.Max(System.Numerics.Tensors.TensorPrimitives.Dot<float>(vector, kv.Value.Whole),
                kv.Value.Symptoms is { } s ? System.Numerics.Tensors.TensorPrimitives.Dot<float>(vector, s) : -1f)))
            .OrderByDescending(x => x.Score).Take(limit).Select(x => x.Key).ToList();
    }

    public void Dispose()
    {
    }
}
