using KnowledgeBase.Data.Attachments;
using KnowledgeBase.Data.Cluster;
using KnowledgeBase.Web.Cluster;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Web.Attachments;

/// <summary>
/// Removes uploads never saved into an article once they are older than <see cref="AttachmentOptions.OrphanAge"/>, on
/// one node of the cluster at a time (<see cref="AttachmentStore.RemoveOrphansAsync"/> decides what is an orphan).
/// </summary>
public sealed partial class AttachmentCleanupService(AttachmentStore store, IOptions<AttachmentOptions> options, LeaseStore leases, NodeIdentity node,
    ILogger<AttachmentCleanupService> logger) : LeasedBackgroundService(leases, node, logger)
{
    protected override string LeaseName => LeaseNames.AttachmentCleanup;

    protected override async Task RunWhileHeldAsync(CancellationToken leaseToken)
    {
        while (!leaseToken.IsCancellationRequested)
        {
            try
            {
                int removed;
                while ((removed = await store.RemoveOrphansAsync(options.Value.OrphanAge, cancellationToken: leaseToken)) > 0)
                    LogRemoved(logger, removed);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(logger, ex);
            }
            await Task.Delay(options.Value.CleanupInterval, leaseToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed {Count} uploaded files never saved into an article")]
    private static partial void LogRemoved(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The cleanup of unsaved uploads failed; it tries again at its next round")]
    private static partial void LogFailed(ILogger logger, Exception ex);
}
