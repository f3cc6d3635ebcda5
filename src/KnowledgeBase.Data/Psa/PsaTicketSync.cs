using KnowledgeBase.Core.Psa;
using KnowledgeBase.Core.Tickets;
using KnowledgeBase.Data.Tickets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KnowledgeBase.Data.Psa;

/// <summary>What the receiver did with an event.</summary>
public enum PsaEventOutcome
{
    /// <summary>The ticket was created or updated.</summary>
    Applied = 0,
    /// <summary>The same delivery was applied before (a vendor's retry or a replay): nothing changed.</summary>
    Duplicate = 1,
    /// <summary>A newer event of the ticket was applied already: this older one changes nothing.</summary>
    Stale = 2,
    /// <summary>Not a ticket, a deletion (the ledger keeps its tickets), or older than <see cref="PsaTicketSync.Retention"/>.</summary>
    Ignored = 3,
}

public sealed record PsaEventResult(PsaEventOutcome Outcome, string TicketId, string Detail)
{
    public string Wire => Outcome.ToString().ToLowerInvariant();
}

/// <summary>
/// Applies PSA ticket events to the reuse ledger through its one ticket upsert (docs/psa.md "Receivers"): each delivery
/// once (by the digest of its body), never an older event over a newer one (by the PSA's own event time), the
/// board/queue/type mapped to a category by the instance's table, and what the event leaves out kept from the ticket
/// as stored — a vendor's partial event never clears a field.
/// </summary>
public sealed class PsaTicketSync(IDbContextFactory<KnowledgeBaseDbContext> contextFactory, ReuseLedger ledger, TimeProvider clock, ILogger<PsaTicketSync>? logger = null)
{
    /// <summary>How long receipts are kept; an event older than this (by the PSA's time) is ignored, so a replay never outlives its receipt.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(30);

    private readonly ILogger _logger = logger ?? NullLogger<PsaTicketSync>.Instance;

    /// <summary>Whether this delivery was seen before (checked first, so a replay never reaches a vendor or the ledger).</summary>
    public async Task<bool> SeenAsync(long instanceId, string digest, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.PsaEventReceipts.AnyAsync(r => r.InstanceId == instanceId && r.Digest == digest, cancellationToken);
    }

    public async Task<PsaEventResult> ApplyAsync(PsaInstance instance, string digest, PsaTicketEvent change, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var ticketId = Clean(change.TicketId, Ticket.MaxExternalIdLength) ?? throw new PsaPayloadException("The event names no ticket.");
        if (await SeenAsync(instance.Id, digest, cancellationToken)) return new PsaEventResult(PsaEventOutcome.Duplicate, ticketId, "this delivery was applied already");
        if (change.Deleted) return await ReceiptAsync(instance, digest, ticketId, change.EventAt, PsaEventOutcome.Ignored, "deleted in the PSA; the knowledge base keeps the ticket and its links", now, cancellationToken);
        if (change.EventAt is { } eventAt && eventAt < now - Retention)
            return await ReceiptAsync(instance, digest, ticketId, change.EventAt, PsaEventOutcome.Ignored, $"older than {Retention.TotalDays:N0} days", now, cancellationToken);

        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            if (change.EventAt is { } at && await db.PsaEventReceipts.AnyAsync(r => r.InstanceId == instance.Id && r.TicketId == ticketId
                    && r.Outcome == "applied" && r.EventAt > at, cancellationToken))
                return await ReceiptAsync(instance, digest, ticketId, change.EventAt, PsaEventOutcome.Stale, "a newer change of this ticket was applied already", now, cancellationToken);
        }

        var key = new TicketKey(instance.System.Wire(), instance.TicketInstance, ticketId);
        var stored = await ledger.FindTicketAsync(key, cancellationToken);
        var mappings = await CategoryMappingsAsync(instance.Id, cancellationToken);
        var mapped = PsaCategoryMapping.Resolve(mappings, change.Fields);
        var closed = change.IsClosed(instance.ClosedStatusList) ?? stored?.Status == TicketStatus.Closed;
        var opened = change.OpenedAt ?? stored?.OpenedAt;
        var closedAt = closed ? change.ClosedAt ?? stored?.ClosedAt : null;
        if (closedAt < opened) closedAt = opened;
        var upsert = new TicketUpsert
        {
            Key = key,
            Subject = Clean(change.Subject, Ticket.MaxSubjectLength) ?? stored?.Subject ?? $"{instance.System.Display()} ticket {ticketId}",
            Description = Clean(change.Description, Ticket.MaxDescriptionLength, keepLines: true) ?? stored?.Description,
            Client = Clean(change.Client, Ticket.MaxNameLength) ?? stored?.Client,
            Technician = Clean(change.Technician, Ticket.MaxNameLength) ?? stored?.Technician,
            CategoryId = mapped ?? stored?.CategoryId,
            Status = closed ? TicketStatus.Closed : TicketStatus.Open,
            OpenedAt = opened,
            ClosedAt = closedAt,
        };
        var result = await ledger.UpsertTicketAsync(upsert, cancellationToken);
        var what = result.Created ? "created" : stored?.Status != result.Ticket.Status ? (closed ? "closed" : "reopened") : "updated";
        _logger.LogInformation("PSA {Instance} ticket {Ticket} {What} (category {Category})", instance.Slug, ticketId, what, upsert.CategoryId);
        return await ReceiptAsync(instance, digest, ticketId, change.EventAt, PsaEventOutcome.Applied, what, now, cancellationToken);
    }

    /// <summary>Whether the ledger has the ticket (a partial event of a known ticket needs no read from the PSA).</summary>
    public async Task<bool> KnownAsync(TicketKey key, CancellationToken cancellationToken = default) => await ledger.FindTicketAsync(key, cancellationToken) is not null;

    public async Task<IReadOnlyList<PsaCategoryMapping>> CategoryMappingsAsync(long instanceId, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.PsaCategoryMappings.AsNoTracking().Where(m => m.InstanceId == instanceId).ToListAsync(cancellationToken);
    }

    /// <summary>The latest receipts of an instance (the admin page shows what arrived and what became of it).</summary>
    public async Task<IReadOnlyList<PsaEventReceipt>> RecentAsync(long instanceId, int limit, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.PsaEventReceipts.AsNoTracking().Where(r => r.InstanceId == instanceId).OrderByDescending(r => r.Id).Take(limit).ToListAsync(cancellationToken);
    }

    /// <summary>Forgets receipts older than <see cref="Retention"/> (events that old are ignored anyway).</summary>
    public async Task<int> PurgeAsync(CancellationToken cancellationToken = default)
    {
        var before = clock.GetUtcNow().UtcDateTime - Retention - TimeSpan.FromDays(1);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.PsaEventReceipts.Where(r => r.ReceivedAt < before).ExecuteDeleteAsync(cancellationToken);
    }

    private async Task<PsaEventResult> ReceiptAsync(PsaInstance instance, string digest, string ticketId, DateTime? eventAt, PsaEventOutcome outcome, string detail, DateTime now,
        CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        db.PsaEventReceipts.Add(new PsaEventReceipt
        {
            InstanceId = instance.Id, Digest = digest, TicketId = ticketId, EventAt = eventAt, ReceivedAt = now,
            Outcome = outcome.ToString().ToLowerInvariant(),
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (UniqueViolations.Is(ex, "PsaEventReceipts"))
        {
            // The same delivery arrived twice at once: the other one recorded it; the upsert it did is the same as ours.
            return new PsaEventResult(PsaEventOutcome.Duplicate, ticketId, "this delivery was applied already");
        }
        return new PsaEventResult(outcome, ticketId, detail);
    }

    /// <summary>Vendor text as the ledger stores it: trimmed, cut to its column, control characters (and NUL) out — a long or odd subject is kept, not refused.</summary>
    internal static string? Clean(string? text, int max, bool keepLines = false)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var chars = text.Where(c => c != '\0').Select(c => char.IsControl(c) && !(keepLines && c is '\n' or '\r' or '\t') ? ' ' : c).ToArray();
        var cleaned = new string(chars).Trim();
        return cleaned.Length == 0 ? null : cleaned.Length <= max ? cleaned : cleaned[..max];
    }
}
