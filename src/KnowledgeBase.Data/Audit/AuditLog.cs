using KnowledgeBase.Core.Audit;
using Microsoft.EntityFrameworkCore;

namespace KnowledgeBase.Data.Audit;

/// <summary>
/// Writes and reads the audit trail. Changes made in a transaction of their own (articles, links, flags, keys, owners,
/// PSA instances) add their row in that transaction; every row is made by <see cref="AuditEntry.Create"/>.
/// </summary>
public sealed class AuditLog(IDbContextFactory<KnowledgeBaseDbContext> contextFactory, TimeProvider clock)
{
    public const int MaxPageSize = 500;

    public async Task RecordAsync(string actor, string action, string target, string details = "", string? remoteAddress = null, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        db.AuditTrail.Add(AuditEntry.Create(clock.GetUtcNow().UtcDateTime, actor, action, target, details, remoteAddress));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Newest first, filtered by any of actor (contains), action (exact), target (contains) and a UTC date range.</summary>
    public async Task<IReadOnlyList<AuditEntry>> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        IQueryable<AuditEntry> rows = db.AuditTrail.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Actor)) rows = rows.Where(a => a.Actor.Contains(query.Actor));
        if (!string.IsNullOrWhiteSpace(query.Action)) rows = rows.Where(a => a.Action == query.Action);
        if (!string.IsNullOrWhiteSpace(query.Target)) rows = rows.Where(a => a.Target.Contains(query.Target));
        if (query.From is { } from) rows = rows.Where(a => a.OccurredAt >= from);
        if (query.To is { } to) rows = rows.Where(a => a.OccurredAt < to);
        return await rows.OrderByDescending(a => a.Id).Skip(Math.Max(0, query.Offset)).Take(Math.Clamp(query.Limit, 1, MaxPageSize)).ToListAsync(cancellationToken);
    }
}

public sealed record AuditQuery(string? Actor = null, string? Action = null, string? Target = null, DateTime? From = null, DateTime? To = null, int Offset = 0, int Limit = 100);
