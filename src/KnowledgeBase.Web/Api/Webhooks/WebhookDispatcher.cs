using KnowledgeBase.Data;
using KnowledgeBase.Data.Api;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Web.Api.Webhooks;

/// <summary>
/// Follows the change log and the ticket links into the durable outbox (<see cref="WebhookStore.FanOutAsync"/>, cursor
/// stored with the rows it produced), then delivers what is due, with exponential backoff. Woken at once by this
/// node's commits (<see cref="ChangeSignal"/>), otherwise it polls. At-least-once: a delivery is marked done only after
/// the receiver's 2xx, so a crash in between sends it again (receivers dedupe on webhook-id).
/// </summary>
public sealed partial class WebhookDispatcher(WebhookStore store, IdempotencyStore idempotency, WebhookSender sender, ApiUrls urls, ChangeSignal signal,
    IOptions<ApiOptions> options, KnowledgeBaseContextFactory database, ILogger<WebhookDispatcher> logger) : BackgroundService
{
    private const int DeliveryBatch = 20;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value.Webhooks;
        var poll = TimeSpan.FromSeconds(Math.Max(0.05, settings.PollSeconds));
        var retryBase = TimeSpan.FromSeconds(Math.Max(0.01, settings.RetryBaseSeconds));
        var lastPurge = DateTime.MinValue;
        await WaitForDatabaseAsync(stoppingToken);
        await ProtectLegacySecretsAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await store.FanOutAsync(id => urls.Article(id), cancellationToken: stoppingToken) > 0)
                {
                }
                // Bounded per round so new events are fanned out between slow batches.
                var due = await store.DueAsync(DeliveryBatch, stoppingToken);
                await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = stoppingToken }, async (item, ct) =>
                {
                    var result = item.Secret is { } secret
                        ? await sender.SendAsync(item.Url, secret, item.Delivery.EventId, item.Delivery.Payload, ct)
                        : new SendResult(null, item.SecretError, 0);
                    await store.RecordAttemptAsync(item.Delivery, result.StatusCode, result.Error, result.DurationMs, retryBase, ct);
                    LogAttempt(logger, item.Delivery.EventId, item.Delivery.SubscriptionId, result.StatusCode, result.Error);
                });
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
            await signal.WaitAsync(poll, stoppingToken);
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
