using System.Diagnostics;
using KnowledgeBase.Core.Changes;
using KnowledgeBase.Core.Markdown;
using Microsoft.Extensions.Logging;

namespace KnowledgeBase.Search.Semantic;

/// <summary>
/// Drains the embedding queue: queues every article whose vector is missing or outdated, then embeds them one at a
/// time, oldest first, storing each batch — so a stop or a crash loses at most one batch, and the next holder of the
/// lease carries on where it stopped. A text whose hash is already stored (another version, another article, another
/// node's work) costs a lookup, not a model run. Runs on one node of the cluster at a time.
/// </summary>
public sealed partial class EmbeddingWorker(SemanticSearch semantic, IEmbeddingStore store, ChangeSignal signal, ILogger<EmbeddingWorker> logger)
{
    public int BatchSize { get; init; } = 16;
    /// <summary>How long to wait for a local save before checking the database for other nodes' changes.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Runs until cancelled (the lease was lost or the node stops).</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var embedder = semantic.Embedder;
            if (embedder is null)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
                continue;
            }
            // Read before the round: a save committed while it runs must wake the next wait at once.
            var seen = signal.Generation;
            if (await RunOnceAsync(embedder, cancellationToken) == 0)
                await signal.WaitAsync(seen, PollInterval, cancellationToken);
        }
    }

    /// <summary>Queues what changed and embeds one batch; returns how many articles it handled.</summary>
    public async Task<int> RunOnceAsync(ITextEmbedder embedder, CancellationToken cancellationToken = default)
    {
        var model = semantic.ModelKey;
        var queued = await store.EnqueueChangedAsync(model, cancellationToken);
        if (queued > 0) LogQueued(queued);
        var batch = await store.NextAsync(model, BatchSize, cancellationToken);
        if (batch.Count == 0) return 0;

        // Each article's whole text and, when it has an Issue section, its symptoms: two vectors, each stored by its hash.
        var texts = batch.Select(p => EmbeddingText.For(p.Title, ArticleRenderer.ToPlainText(p.Body))).ToList();
        var symptoms = batch.Select(p => EmbeddingText.ForSymptoms(p.Title, ArticleRenderer.ToPlainText(p.Issue))).ToList();
        var hashes = texts.Select(EmbeddingText.Hash).ToList();
        var symptomHashes = symptoms.Select(t => t is null ? "" : EmbeddingText.Hash(t)).ToList();
        var known = await store.FindAsync(model, hashes.Concat(symptomHashes.Where(h => h.Length > 0)).ToHashSet(StringComparer.Ordinal), cancellationToken);
        var done = new List<ComputedEmbedding>(batch.Count);
        var started = Stopwatch.GetTimestamp();
        var computed = 0;
        for (var i = 0; i < batch.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            float[] whole, symptomVector;
            byte[]? newWhole = null, newSymptoms = null;
            try
            {
                (whole, newWhole) = VectorOf(texts[i], hashes[i]);
                (symptomVector, newSymptoms) = symptoms[i] is { } text ? VectorOf(text, symptomHashes[i]) : ([], null);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogEmbedFailed(ex, batch[i].ArticleId);
                await store.RecordFailureAsync(model, batch[i].ArticleId, ex.Message, cancellationToken);
                continue;
            }
            done.Add(new ComputedEmbedding(batch[i].ArticleId, batch[i].Version, hashes[i], newWhole, symptomHashes[i], newSymptoms));
            semantic.Vectors.Set(batch[i].ArticleId, whole, symptomVector);
        }

        (float[] Vector, byte[]? New) VectorOf(string text, string hash)
        {
            if (known.TryGetValue(hash, out var stored)) return (VectorBytes.ToFloats(stored), null);
            var vector = embedder.Embed(text, cancellationToken);
            computed++;
            var bytes = VectorBytes.FromFloats(vector);
            known[hash] = bytes;
            return (vector, bytes);
        }

        await store.SaveAsync(model, done, cancellationToken);
        if (computed > 0) LogEmbedded(computed, Stopwatch.GetElapsedTime(started).TotalMilliseconds / computed);
        return batch.Count;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Queued {Count} articles for embedding")]
    private partial void LogQueued(int count);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Embedded {Count} texts, {Milliseconds:0} ms each")]
    private partial void LogEmbedded(int count, double milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not embed article {ArticleId}; it will be retried")]
    private partial void LogEmbedFailed(Exception exception, string articleId);
}
