using KnowledgeBase.Data;
using KnowledgeBase.Data.Articles;
using KnowledgeBase.Data.Cluster;
using KnowledgeBase.Web.Cluster;
using Microsoft.EntityFrameworkCore;

namespace KnowledgeBase.Web.Hosting;

/// <summary>
/// After an upgrade that changes how Markdown renders (<see cref="Core.Markdown.ArticleRenderer.Version"/>), re-renders
/// the stored HTML of older articles in small batches, on one node of the cluster, so imported articles read right
/// without being saved or imported again. Then it idles, holding its lease.
/// </summary>
public sealed partial class HtmlRefreshService(ArticleStore store, KnowledgeBaseContextFactory database, LeaseStore leases, NodeIdentity node,
    ILogger<HtmlRefreshService> logger) : LeasedBackgroundService(leases, node, logger)
{
    private const int BatchSize = 100;

    protected override string LeaseName => LeaseNames.HtmlRefresh;

    protected override async Task PrepareAsync(CancellationToken stoppingToken)
    {
        // The new column exists only once the database is migrated.
        for (var attempt = 0; attempt < 600 && !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                await using var db = database.CreateDbContext();
                if (!(await db.Database.GetPendingMigrationsAsync(stoppingToken)).Any()) return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogWaiting(logger, ex.Message);
            }
            await Task.Delay(TimeSpan.FromMilliseconds(200), stoppingToken);
        }
    }

    protected override async Task RunWhileHeldAsync(CancellationToken leaseToken)
    {
        var total = 0;
        int done;
        while ((done = await store.RefreshStaleHtmlAsync(BatchSize, leaseToken)) > 0) total += done;
        if (total > 0) LogRefreshed(logger, total);
        await Task.Delay(Timeout.Infinite, leaseToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Re-rendered the HTML of {Count} articles rendered by an older Markdown pipeline")]
    private static partial void LogRefreshed(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "HTML refresh waits for the database: {Reason}")]
    private static partial void LogWaiting(ILogger logger, string reason);
}
