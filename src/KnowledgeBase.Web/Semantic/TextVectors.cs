using KnowledgeBase.Data.Semantic;
using KnowledgeBase.Search.Semantic;

namespace KnowledgeBase.Web.Semantic;

/// <summary>
/// Vectors of short texts for reports (searches, ticket subjects), kept in the database by model and text hash like
/// articles' vectors: a report embeds a text once, on any node.
/// </summary>
public sealed class TextVectors(SemanticSearch semantic, EmbeddingStore store)
{
    /// <summary>One vector per text, or null while the semantic step is not active.</summary>
    public async Task<IReadOnlyList<float[]>?> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        var embedder = semantic.Embedder;
        if (embedder is null || !semantic.IsActive) return null;
        var normalized = texts.Select(EmbeddingText.ForQuery).ToList();
        var hashes = normalized.Select(EmbeddingText.Hash).ToList();
        var known = await store.FindAsync(semantic.ModelKey, hashes.ToHashSet(StringComparer.Ordinal), cancellationToken);
        var fresh = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var vectors = new float[texts.Count][];
        for (var i = 0; i < texts.Count; i++)
        {
            if (known.TryGetValue(hashes[i], out var bytes) || fresh.TryGetValue(hashes[i], out bytes))
            {
                vectors[i] = VectorBytes.ToFloats(bytes);
                continue;
            }
            var text = normalized[i];
            // The model runs on the CPU for a few milliseconds a text: off the request's synchronisation context.
            vectors[i] = await Task.Run(() => embedder.Embed(text, cancellationToken), cancellationToken);
            fresh[hashes[i]] = VectorBytes.FromFloats(vectors[i]);
        }
        await store.SaveTextsAsync(semantic.ModelKey, fresh, cancellationToken);
        return vectors;
    }
}
