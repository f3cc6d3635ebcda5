using KnowledgeBase.Core.Api;
using KnowledgeBase.Core.Changes;
using KnowledgeBase.Core.Psa;
using KnowledgeBase.Core.Tickets;
using Microsoft.EntityFrameworkCore;

namespace KnowledgeBase.Data.Psa;

/// <summary>A write-back whose time has come, with its instance.</summary>
public sealed record DueWriteBack(PsaWriteBack WriteBack, PsaInstance Instance);

/// <summary>
/// The write-back outbox (docs/psa.md "Write-back"): a note per resolved link of a PSA ticket whose instance writes back,
/// queued in the link's own transaction, claimed by one node at a time and retried on the webhook schedule
/// (<see cref="OutboxRetry"/>).
/// </summary>
/// <remarks>
/// Why not rows of the webhook outbox: those belong to a subscription (a foreign key, a unique index per subscription
/// and event, a signing secret joined in when claimed) and are sent by a sender that signs Standard Webhooks to the
/// subscriber's URL. A write-back goes to a vendor API with the vendor's own authentication. The mechanism is the same —
/// a row per message, claims with expiry, the shared retry schedule, a lease-held dispatcher woken by
/// <see cref="ChangeSignal"/> — and so is the code that drives it (<c>LeasedBackgroundService</c>).
/// </remarks>
public sealed class PsaWriteBackStore(IDbContextFactory<KnowledgeBaseDbContext> contextFactory, TimeProvider clock)
{
    /// <summary>
    /// Queues the note for a link that just became resolved, in the caller's transaction, when the ticket comes from an
    /// instance that writes back; a link resolved before (removed and linked again) is not noted twice.
    /// </summary>
    internal static async Task EnqueueAsync(KnowledgeBaseDbContext db, Ticket ticket, TicketLink link, string articleTitle, DateTime now, CancellationToken cancellationToken)
    {
        if (link.Type != LinkType.Resolved) return;
        var candidates = await db.PsaInstances.AsNoTracking().Where(i => i.TicketInstance == ticket.Instance && i.WriteBackEnabled).ToListAsync(cancellationToken);
        var instance = candidates.FirstOrDefault(i => string.Equals(i.System.Wire(), ticket.System, StringComparison.OrdinalIgnoreCase));
        if (instance is null) return;
        if (await db.PsaWriteBacks.AnyAsync(w => w.InstanceId == instance.Id && w.LinkId == link.Id, cancellationToken)) return;
        db.PsaWriteBacks.Add(new PsaWriteBack
        {
            InstanceId = instance.Id, TicketId = ticket.ExternalId, LinkId = link.Id, ArticleId = link.ArticleId,
            ArticleTitle = articleTitle.Length <= 300 ? articleTitle : articleTitle[..300], LinkedBy = link.LinkedBy,
            CreatedAt = now, Status = DeliveryStatus.Pending, NextAttemptAt = now,
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Claims due notes for <paramref name="holder"/> (a conditional update per row, as webhook deliveries are claimed).</summary>
    public async Task<IReadOnlyList<DueWriteBack>> ClaimDueAsync(string holder, int limit, TimeSpan claimFor, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var until = now + claimFor;
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var rows = await (from w in db.PsaWriteBacks.AsNoTracking()
                          join i in db.PsaInstances.AsNoTracking() on w.InstanceId equals i.Id
                          where w.Status == DeliveryStatus.Pending && w.NextAttemptAt <= now && (w.ClaimedUntil == null || w.ClaimedUntil < now)
                          orderby w.NextAttemptAt, w.Id
                          select new { w, i }).Take(limit).ToListAsync(cancellationToken);
        var claimed = new List<DueWriteBack>(rows.Count);
        foreach (var row in rows)
        {
            var id = row.w.Id;
            var won = await db.PsaWriteBacks.Where(w => w.Id == id && w.Status == DeliveryStatus.Pending && (w.ClaimedUntil == null || w.ClaimedUntil < now))
                .ExecuteUpdateAsync(s => s.SetProperty(w => w.ClaimedBy, holder).SetProperty(w => w.ClaimedUntil, until), cancellationToken);
            if (won != 1) continue;
            row.w.ClaimedBy = holder;
            row.w.ClaimedUntil = until;
            claimed.Add(new DueWriteBack(row.w, row.i));
        }
        return claimed;
    }

    /// <summary>Records an attempt: delivered, retried later, or given up after <see cref="OutboxRetry.MaxAttempts"/>. Only the claim's holder moves the row on.</summary>
    public async Task RecordAttemptAsync(PsaWriteBack writeBack, bool success, int? statusCode, string? error, string? remoteId, TimeSpan retryBase, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var attempts = writeBack.Attempts + 1;
        var status = OutboxRetry.StatusAfter(success, attempts);
        error = error is { Length: > 1000 } ? error[..1000] : error;
        remoteId = remoteId is { Length: > 100 } ? remoteId[..100] : remoteId;
        var holder = writeBack.ClaimedBy;
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await db.PsaWriteBacks.Where(w => w.Id == writeBack.Id && w.ClaimedBy == holder && w.Status == DeliveryStatus.Pending).ExecuteUpdateAsync(s => s
            .SetProperty(w => w.Attempts, attempts).SetProperty(w => w.Status, status)
            .SetProperty(w => w.LastStatusCode, statusCode).SetProperty(w => w.LastError, error)
            .SetProperty(w => w.NextAttemptAt, now + OutboxRetry.Delay(retryBase, attempts))
            .SetProperty(w => w.DeliveredAt, success ? now : null)
            .SetProperty(w => w.RemoteId, remoteId)
            .SetProperty(w => w.ClaimedBy, (string?)null).SetProperty(w => w.ClaimedUntil, (DateTime?)null), cancellationToken);
    }

    public async Task ReleaseClaimsAsync(string holder, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await db.PsaWriteBacks.Where(w => w.ClaimedBy == holder && w.Status == DeliveryStatus.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(w => w.ClaimedBy, (string?)null).SetProperty(w => w.ClaimedUntil, (DateTime?)null), cancellationToken);
    }

    /// <summary>An instance's notes, newest first (the admin page shows each with its status and last error).</summary>
    public async Task<IReadOnlyList<PsaWriteBack>> RecentAsync(long instanceId, int limit, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.PsaWriteBacks.AsNoTracking().Where(w => w.InstanceId == instanceId).OrderByDescending(w => w.Id).Take(limit).ToListAsync(cancellationToken);
    }

    /// <summary>The notes of a ticket (the panel says which were posted).</summary>
    public async Task<IReadOnlyList<PsaWriteBack>> OfTicketAsync(long instanceId, string ticketId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.PsaWriteBacks.AsNoTracking().Where(w => w.InstanceId == instanceId && w.TicketId == ticketId).ToListAsync(cancellationToken);
    }

    /// <summary>Sends a failed note again from now (an Admin fixed the credentials): its attempts start over.</summary>
    public async Task<bool> RetryAsync(long instanceId, long writeBackId, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.PsaWriteBacks.Where(w => w.Id == writeBackId && w.InstanceId == instanceId && w.Status == DeliveryStatus.Failed)
            .ExecuteUpdateAsync(s => s.SetProperty(w => w.Status, DeliveryStatus.Pending).SetProperty(w => w.Attempts, 0).SetProperty(w => w.NextAttemptAt, now), cancellationToken) == 1;
    }
}
