using KnowledgeBase.Data.Cluster;
using KnowledgeBase.Search.Semantic;
using KnowledgeBase.Web.Cluster;

namespace KnowledgeBase.Web.Semantic;

/// <summary>
/// Computes article vectors in the background on the node that holds the <see cref="LeaseNames.Embeddings"/> lease;
/// the next holder resumes the queue where it stopped.
/// </summary>
public sealed class EmbeddingWorkerService(EmbeddingWorker worker, SemanticSearch semantic, DatabaseReadiness database,
    LeaseStore leases, NodeIdentity node, ILogger<EmbeddingWorkerService> logger)
    : LeasedBackgroundService(leases, node, logger)
{
    protected override string LeaseName => LeaseNames.Embeddings;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!semantic.Options.Enabled) return;
        await base.ExecuteAsync(stoppingToken);
    }

    /// <summary>A node competes only once its database is migrated and its model has loaded (or failed to).</summary>
    protected override async Task PrepareAsync(CancellationToken stoppingToken)
    {
        await database.WaitAsync(stoppingToken);
        while (semantic.State == SemanticState.Loading) await Task.Delay(TimeSpan.FromMilliseconds(250), stoppingToken);
        // A node whose model failed never takes the work from one whose model works.
        if (semantic.State == SemanticState.Failed) await Task.Delay(Timeout.Infinite, stoppingToken);
    }

    protected override Task RunWhileHeldAsync(CancellationToken leaseToken) => worker.RunAsync(leaseToken);
}
