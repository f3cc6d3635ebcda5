using KnowledgeBase.Core.Changes;
using KnowledgeBase.Data;
using KnowledgeBase.Data.Api;
using KnowledgeBase.Data.Cluster;
using KnowledgeBase.Web.Cluster;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Web.Api.Webhooks;

/// <summary>
/// Follows the change log and the ticket links into the durable outbox (<see cref="WebhookStore.FanOutAsync"/>, cursor
/// stored with the rows it produced), then delivers what is due, with exponential backoff. Woken at once by this
/// node's commits (<see cref="ChangeSignal"/>), otherwise it polls. At-least-once: a delivery is marked done only after
/// the receiver's 2xx, so a crash in between sends it again (receivers dedupe on webhook-id).
/// In a cluster it runs on the node that holds the <see cref="LeaseNames.Webhooks"/> lease; each row is also claimed
/// before it is sent (<see cref="WebhookStore.ClaimDueAsync"/>), so even two nodes that both believe they hold the lease
/// (a long pause) never send one row at once, and the rows a dead node had in flight are sent by the next holder once
/// their claim expires.
/// </summary>
public sealed partial class WebhookDispatcher(WebhookStore store, IdempotencyStore idempotency, WebhookSender sender, ApiUrls urls, ChangeSignal signal,
    IOptions<ApiOptions> options, KnowledgeBaseContextFactory database, LeaseStore leases, NodeIdentity node,
    KnowledgeBase.Web.Observability.KnowledgeBaseTelemetry telemetry, ILogger<WebhookDispatcher> logger)
    : LeasedBackgroundService(leases, node, logger)
{
    private const int DeliveryBatch = 20;

    protected override string LeaseName => LeaseNames.Webhooks;

    /// <summary>On every node, before competing for the lease: the migrated database, and secrets of older versions encrypted (idempotent).</summary>
    protected override async Task PrepareAsync(CancellationToken stoppingToken)
    {
        await WaitForDatabaseAsync(stoppingToken);
        await ProtectLegacySecretsAsync(stoppingToken);
    }

    protected override Task RunWhileHeldAsync(CancellationToken stoppingToken) =>
        DispatchThenReleaseClaimsAsync(async () =>
        {
            try
            {
                await DispatchAsync(stoppingToken);
            }
            finally
            {
                // Another node reports the backlog from now on.
                telemetry.WebhookBacklog = null;
            }
        }, store.ReleaseClaimsAsync, ex => LogFailed(logger, ex));

    private async Task DispatchAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value.Webhooks;
        var poll = TimeSpan.FromSeconds(Math.Max(0.05, settings.PollSeconds));
        var retryBase = TimeSpan.FromSeconds(Math.Max(0.01, settings.RetryBaseSeconds));
        // Longer than any one send can take, so a live sender always records before its claim runs out.
        var claimFor = TimeSpan.FromSeconds(Math.Max(settings.ClaimSeconds, 2 * settings.TimeoutSeconds + 5));
        var reviewScan = TimeSpan.FromSeconds(Math.Max(0.05, settings.ReviewScanSeconds));
        var lastPurge = DateTime.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            var seen = signal.Generation;
            try
            {
                while (await store.FanOutAsync(id => urls.Article(id), cancellationToken: stoppingToken) > 0)
                {
                }
                while (await store.FanOutWorkflowAsync(id => urls.Article(id), reviewScan, cancellationToken: stoppingToken) > 0)
                {
                }
                // Bounded per round so new events are fanned out between slow batches.
                var due = await store.ClaimDueAsync(Node.Id, DeliveryBatch, claimFor, stoppingToken);
                await DeliverClaimedAsync(due, async item =>
                {
                    var result = item.Secret is { } secret
                        ? await sender.SendAsync(item.Url, secret, item.Delivery.EventId, item.Delivery.Payload, CancellationToken.None)
                        : new SendResult(null, item.SecretError, 0);
                    await store.RecordAttemptAsync(item.Delivery, result.StatusCode, result.Error, result.DurationMs, retryBase, CancellationToken.None);
                    LogAttempt(logger, item.Delivery.EventId, item.Delivery.SubscriptionId, result.StatusCode, result.Error);
                }, stoppingToken, parallel: 4);
                telemetry.WebhookBacklog = await store.PendingCountAsync(stoppingToken);
                if (due.Count == DeliveryBatch) continue;
                if (DateTime.UtcNow - lastPurge > TimeSpan.FromHours(1))
                {
                    lastPurge = DateTime.UtcNow;
                    await idempotency.PurgeExpiredAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogFailed(logger, ex);
            }
            await signal.WaitAsync(seen, poll, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>Secrets stored in clear by an earlier version are encrypted once at start (they keep working meanwhile).</summary>
    private async Task ProtectLegacySecretsAsync(CancellationToken stoppingToken)
    {
        try
        {
            var count = await store.ProtectLegacySecretsAsync(stoppingToken);
            if (count > 0) LogProtected(logger, count);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogProtectFailed(logger, ex);
        }
    }

    /// <summary>The site migrates at start; commands and the dispatcher must not race it.</summary>
    private async Task WaitForDatabaseAsync(CancellationToken stoppingToken)
    {
        for (var attempt = 0; attempt < 600 && !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                await using var db = database.CreateDbContext();
                if (!(await Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.GetPendingMigrationsAsync(db.Database, stoppingToken)).Any()) return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogWaiting(logger, ex.Message);
            }
            await Task.Delay(TimeSpan.FromMilliseconds(200), stoppingToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook {EventId} to subscription {SubscriptionId}: status {StatusCode} {Error}")]
    private static partial void LogAttempt(ILogger logger, string eventId, long subscriptionId, int? statusCode, string? error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Webhook dispatch round failed; retrying")]
    private static partial void LogFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Encrypted {Count} webhook secrets stored in clear by an earlier version")]
    private static partial void LogProtected(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not encrypt webhook secrets stored in clear; they keep working and are retried at the next start")]
    private static partial void LogProtectFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Webhook dispatcher waits for the database: {Reason}")]
    private static partial void LogWaiting(ILogger logger, string reason);
}
