using KnowledgeBase.Data.Cluster;

namespace KnowledgeBase.Web.Cluster;

/// <summary>
/// Background work that runs on one node of the cluster at a time: every node runs this loop, the one holding the
/// lease runs <see cref="RunWhileHeldAsync"/> (renewing the lease meanwhile), the others retry every third of the
/// lease duration. A graceful stop releases the lease at once; a killed node's lease expires and another node takes
/// over within one lease duration.
/// </summary>
public abstract partial class LeasedBackgroundService(LeaseStore leases, NodeIdentity node, ILogger logger) : BackgroundService
{
    protected abstract string LeaseName { get; }

    protected NodeIdentity Node => node;

    /// <summary>True while this node holds the lease and runs the work.</summary>
    public bool IsHolder { get; private set; }

    /// <summary>Runs until <paramref name="leaseToken"/> is cancelled (the lease was lost or the node stops).</summary>
    protected abstract Task RunWhileHeldAsync(CancellationToken leaseToken);

    /// <summary>
    /// For outbox dispatchers: runs <paramref name="dispatch"/> and then, however it ended, hands back the rows this
    /// node had claimed, so another node sends them from now on. A database that cannot be reached is logged through
    /// <paramref name="logFailure"/>: the claims then simply expire.
    /// </summary>
    protected async Task DispatchThenReleaseClaimsAsync(Func<Task> dispatch, Func<string, CancellationToken, Task> releaseClaims, Action<Exception> logFailure)
    {
        try
        {
            await dispatch();
        }
        finally
        {
            try
            {
                await releaseClaims(node.Id, CancellationToken.None);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logFailure(ex);
            }
        }
    }

    /// <summary>
    /// For outbox dispatchers: delivers the rows this node claimed, <paramref name="parallel"/> at a time. A delivery once
    /// begun is let finish and its outcome recorded even when the node is stopping: cut off after the receiver (a mail
    /// relay, a webhook, a PSA) had taken it, it would count as not sent, its claim would be released and the next lease
    /// holder would send it again. So <paramref name="deliver"/> gets no stopping token — its sends are bounded by their
    /// own timeouts, well inside the claim — and none is begun once <paramref name="stoppingToken"/> is cancelled (that
    /// throws <see cref="OperationCanceledException"/>; the rest of the claims are then released).
    /// </summary>
    protected static Task DeliverClaimedAsync<T>(IEnumerable<T> claimed, Func<T, Task> deliver, CancellationToken stoppingToken, int parallel = 1) =>
        Parallel.ForEachAsync(claimed, new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = stoppingToken }, (item, _) => new ValueTask(deliver(item)));

    /// <summary>Called once before competing for the lease (e.g. waiting for the database to be migrated).</summary>
    protected virtual Task PrepareAsync(CancellationToken stoppingToken) => Task.CompletedTask;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await PrepareAsync(stoppingToken);
        var retry = node.LeaseDuration / 3;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var ran = await leases.RunExclusiveAsync(LeaseName, node.Id, node.LeaseDuration, async token =>
                {
                    IsHolder = true;
                    LogTaken(logger, LeaseName, node.Id);
                    try
                    {
                        await RunWhileHeldAsync(token);
                    }
                    finally
                    {
                        IsHolder = false;
                    }
                }, stoppingToken);
                if (ran && !stoppingToken.IsCancellationRequested) LogLost(logger, LeaseName, node.Id);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The database may be down: compete again when it is back.
                LogFailed(logger, ex, LeaseName);
            }
            try
            {
                await Task.Delay(retry, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Lease {Lease} taken by node {Node}: this node runs it now")]
    private static partial void LogTaken(ILogger logger, string lease, string node);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lease {Lease} lost by node {Node}: another node may run it now")]
    private static partial void LogLost(ILogger logger, string lease, string node);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Competing for lease {Lease} failed; retrying")]
    private static partial void LogFailed(ILogger logger, Exception exception, string lease);
}
