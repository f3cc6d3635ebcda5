using KnowledgeBase.Core.Changes;
using Microsoft.Extensions.Logging;

namespace KnowledgeBase.Search.Semantic;

/// <summary>
/// Keeps this node's vectors in memory in step with the database, on every node: all of them at start (a page at a
/// time), then whatever any node stored since. Until every article has its vector the semantic step stays out of
/// searches, which say so.
/// </summary>
public sealed partial class VectorFollower(SemanticSearch semantic, IEmbeddingStore store, ChangeSignal signal, TimeProvider clock, ILogger<VectorFollower> logger)
{
    private const int PageSize = 2000;
    // Rows stored in the same instant as the last one read may commit after it was read: re-read a short window.
    private static readonly TimeSpan Overlap = TimeSpan.FromSeconds(5);
    private DateTime? _since;
    private DateTime _deletedSince = DateTime.MinValue;

    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The database's count of articles and embedded ones, as of the last round.</summary>
    public EmbeddingProgress? Progress { get; private set; }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var seen = signal.Generation;
            try
            {
                await SyncOnceAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The database may be restarting: keep the vectors we have and try again.
                LogFailed(ex);
            }
            await signal.WaitAsync(seen, PollInterval, cancellationToken);
        }
    }

    /// <summary>Loads every vector stored since the last round, and decides whether searches may use them.</summary>
    public async Task SyncOnceAsync(CancellationToken cancellationToken = default)
    {
        var model = semantic.ModelKey;
        var startedAt = clock.GetUtcNow().UtcDateTime;
        var from = _since is { } s ? s - Overlap : (DateTime?)null;
        string? afterId = null;
        var loaded = 0;
        while (true)
        {
            var page = await store.EmbeddedSinceAsync(model, from, afterId, PageSize, cancellationToken);
            foreach (var row in page)
                semantic.Vectors.Set(row.ArticleId, VectorBytes.ToFloats(row.Vector), row.Symptoms is { } symptoms ? VectorBytes.ToFloats(symptoms) : default);
            loaded += page.Count;
            if (page.Count < PageSize) break;
            (from, afterId) = (page[^1].EmbeddedAt, page[^1].ArticleId);
        }
        if (loaded > 0 && _since is null) LogLoaded(loaded);
        _since = startedAt;

        foreach (var id in await store.DeletedSinceAsync(_deletedSince, cancellationToken)) semantic.Vectors.Remove(id);
        _deletedSince = startedAt - Overlap;

        var progress = await store.ProgressAsync(model, cancellationToken);
        Progress = progress;
        // Meaning joins searches once every article has its whole text's vector; symptom vectors may still be filling in.
        semantic.SetBacklogDone(progress.Articles - progress.Searchable - progress.Failed <= 0);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded {Count} article vectors")]
    private partial void LogLoaded(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not follow the stored vectors; retrying")]
    private partial void LogFailed(Exception exception);
}
