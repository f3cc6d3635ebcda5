using KnowledgeBase.Core.Changes;
using KnowledgeBase.Data;
using KnowledgeBase.Data.Cluster;
using KnowledgeBase.Data.Psa;
using KnowledgeBase.Web.Api;
using KnowledgeBase.Web.Cluster;
using KnowledgeBase.Web.Psa.Vendors;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Web.Psa.WriteBack;

/// <summary>
/// Posts the write-back notes (docs/psa.md "Write-back"): on the node holding the <see cref="LeaseNames.PsaWriteBack"/>
/// lease, claims due notes, posts each through the vendor's REST call, and records the attempt — delivered, or retried on
/// the webhook schedule until it gives up. Nobody waits for it: the link that queued the note was saved already. It also
/// forgets spent nonces and old event receipts.
/// </summary>
public sealed partial class PsaWriteBackDispatcher(PsaWriteBackStore store, PsaVendorClient vendors, PsaNonces nonces, PsaTicketSync sync, ApiUrls urls,
    ChangeSignal signal, IOptions<PsaOptions> options, LeaseStore leases, NodeIdentity node, ILogger<PsaWriteBackDispatcher> logger)
    : LeasedBackgroundService(leases, node, logger)
{
    private const int Batch = 10;

    protected override string LeaseName => LeaseNames.PsaWriteBack;

    protected override Task RunWhileHeldAsync(CancellationToken leaseToken) =>
        DispatchThenReleaseClaimsAsync(() => DispatchAsync(leaseToken), store.ReleaseClaimsAsync, ex => LogFailed(logger, ex));

    private async Task DispatchAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var poll = TimeSpan.FromSeconds(Math.Max(0.05, settings.PollSeconds));
        var retryBase = TimeSpan.FromSeconds(Math.Max(0.01, settings.RetryBaseSeconds));
        var claimFor = TimeSpan.FromSeconds(Math.Max(settings.ClaimSeconds, 2 * settings.TimeoutSeconds + 5));
        var lastPurge = DateTime.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            var seen = signal.Generation;
            try
            {
                var due = await store.ClaimDueAsync(Node.Id, Batch, claimFor, stoppingToken);
                await DeliverClaimedAsync(due, async item =>
                {
                    var note = item.WriteBack;
                    var text = $"Solved with knowledge article {note.ArticleId}: {note.ArticleTitle}\n{urls.Article(note.ArticleId)}\n(linked by {note.LinkedBy} in the knowledge base)";
                    try
                    {
                        var remoteId = await vendors.PostNoteAsync(item.Instance, note.TicketId, "Knowledge article " + note.ArticleId, text, CancellationToken.None);
                        await store.RecordAttemptAsync(note, success: true, 201, null, remoteId, retryBase, CancellationToken.None);
                        LogPosted(logger, item.Instance.Slug, note.TicketId, note.ArticleId, remoteId);
                    }
                    catch (PsaVendorException ex)
                    {
                        await store.RecordAttemptAsync(note, success: false, ex.StatusCode, ex.Message, null, retryBase, CancellationToken.None);
                        LogNotPosted(logger, item.Instance.Slug, note.TicketId, note.ArticleId, note.Attempts + 1, ex.Message);
                    }
                }, stoppingToken);
                if (due.Count == Batch) continue;
                if (DateTime.UtcNow - lastPurge > TimeSpan.FromHours(1))
                {
                    lastPurge = DateTime.UtcNow;
                    await nonces.PurgeAsync(stoppingToken);
                    await sync.PurgeAsync(stoppingToken);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "PSA {Instance}: note for ticket {Ticket} (article {ArticleId}) posted as {RemoteId}")]
    private static partial void LogPosted(ILogger logger, string instance, string ticket, string articleId, string? remoteId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "PSA {Instance}: note for ticket {Ticket} (article {ArticleId}) not posted (attempt {Attempt}): {Error}")]
    private static partial void LogNotPosted(ILogger logger, string instance, string ticket, string articleId, int attempt, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "PSA write-back round failed; retrying")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
