using System.Diagnostics;
using KnowledgeBase.Core.Markdown;
using KnowledgeBase.Data;
using KnowledgeBase.Data.Semantic;
using Microsoft.Extensions.Logging;

namespace KnowledgeBase.Search.Semantic;

/// <summary>
/// Drains the embedding queue: queues every article whose vector is missing or outdated, then embeds them one at a
/// time, oldest first, storing each batch — so a stop or a crash loses at most one batch, and the next holder of the
/// lease carries on where it stopped. A text whose hash is already stored (another version, another article, another
/// node's work) costs a lookup, not a model run. Runs on one node of the cluster at a time.
/// </summary>
public sealed partial class EmbeddingWorker(SemanticSearch semantic, EmbeddingStore store, ChangeSignal signal, ILogger<EmbeddingWorker> logger)
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

        var texts = batch.Select(p => EmbeddingText.For(p.Title, ArticleRenderer.ToPlainText(p.Body))).ToList();
        var hashes = texts.Select(EmbeddingText.Hash).ToList();
        var known = await store.FindAsync(model, hashes.ToHashSet(StringComparer.Ordinal), cancellationToken);
        var done = new List<ComputedEmbedding>(batch.Count);
        var started = Stopwatch.GetTimestamp();
        var computed = 0;
        for (var i = 0; i < batch.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (known.TryGetValue(hashes[i], out var stored))
            {
                done.Add(new ComputedEmbedding(batch[i].ArticleId, batch[i].Version, hashes[i], null));
                semantic.Vectors.Set(batch[i].ArticleId, VectorBytes.ToFloats(stored));
                continue;
            }
            float[] vector;
            try
            {
                vector = embedder.Embed(texts[i], cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogEmbedFailed(ex, batch[i].ArticleId);
                await store.RecordFailureAsync(model, batch[i].ArticleId, ex.Message, cancellationToken);
                continue;
            }
            computed++;
            var bytes = VectorBytes.FromFloats(vector);
            known[hashes[i]] = bytes;
            done.Add(new ComputedEmbedding(batch[i].ArticleId, batch[i].Version, hashes[i], bytes));
            semantic.Vectors.Set(batch[i].ArticleId, vector);
        }
        await store.SaveAsync(model, done, cancellationToken);
        if (computed > 0) LogEmbedded(computed, Stopwatch.GetElapsedTime(started).TotalMilliseconds / computed);
        return batch.Count;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Queued {Count} articles for embedding")]
    private partial void LogQueued(int count);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Embedded {Count} articles, {Milliseconds:0} ms each")]
    private partial void LogEmbedded(int count, double milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not embed article {ArticleId}; it will be retried")]
    private partial void LogEmbedFailed(Exception exception, string articleId);
}
