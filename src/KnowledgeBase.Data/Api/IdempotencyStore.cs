using KnowledgeBase.Core.Api;
using Microsoft.EntityFrameworkCore;

namespace KnowledgeBase.Data.Api;

public enum IdempotencyOutcome
{
    /// <summary>First time: run the request, then <see cref="IdempotencyStore.CompleteAsync"/>.</summary>
    Started,
    /// <summary>Same key, same request, finished: replay <see cref="IdempotencyBegin.Record"/>.</summary>
    Replay,
    /// <summary>Same key, another request body: 422.</summary>
    Mismatch,
    /// <summary>Same key while the first request still runs: 409.</summary>
    InFlight,
}

public sealed record IdempotencyBegin(IdempotencyOutcome Outcome, IdempotencyRecord? Record);

/// <summary>
/// Durable Idempotency-Key records (both providers). The unique (key id, key) index decides races: the insert that
/// loses is a concurrent duplicate. Records expire after 24 hours; one left unfinished by a crash is taken over after
/// <see cref="InFlightTimeout"/>.
/// </summary>
public sealed class IdempotencyStore(IDbContextFactory<KnowledgeBaseDbContext> contextFactory, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);
    public static readonly TimeSpan InFlightTimeout = TimeSpan.FromMinutes(2);

    public async Task<IdempotencyBegin> BeginAsync(long apiKeyId, string key, string requestHash, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
            var existing = await db.IdempotencyRecords.FirstOrDefaultAsync(r => r.ApiKeyId == apiKeyId && r.Key == key, cancellationToken);
            if (existing is not null)
            {
                var expired = existing.ExpiresAt <= now;
                var abandoned = !existing.Completed && now - existing.CreatedAt > InFlightTimeout;
                if (!expired && !abandoned)
                {
                    if (existing.RequestHash != requestHash) return new IdempotencyBegin(IdempotencyOutcome.Mismatch, existing);
                    return new IdempotencyBegin(existing.Completed ? IdempotencyOutcome.Replay : IdempotencyOutcome.InFlight, existing);
                }
                // Expired or abandoned: take it over only if nobody else did meanwhile.
                var taken = await db.IdempotencyRecords
                    .Where(r => r.Id == existing.Id && r.CreatedAt == existing.CreatedAt)
                    .ExecuteUpdateAsync(s => s
                        .SetProperty(r => r.RequestHash, requestHash).SetProperty(r => r.Completed, false)
                        .SetProperty(r => r.StatusCode, 0).SetProperty(r => r.Headers, "").SetProperty(r => r.Body, Array.Empty<byte>())
                        .SetProperty(r => r.CreatedAt, now).SetProperty(r => r.ExpiresAt, now + Lifetime), cancellationToken);
                if (taken == 1) return new IdempotencyBegin(IdempotencyOutcome.Started, new IdempotencyRecord { Id = existing.Id, ApiKeyId = apiKeyId, Key = key, RequestHash = requestHash, CreatedAt = now });
                continue;
            }
            var record = new IdempotencyRecord { ApiKeyId = apiKeyId, Key = key, RequestHash = requestHash, CreatedAt = now, ExpiresAt = now + Lifetime };
            db.IdempotencyRecords.Add(record);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return new IdempotencyBegin(IdempotencyOutcome.Started, record);
            }
            catch (DbUpdateException ex) when (Tickets.UniqueViolations.Is(ex, "IdempotencyRecords"))
            {
                // A concurrent request with the same key inserted first: look again.
            }
        }
        return new IdempotencyBegin(IdempotencyOutcome.InFlight, null);
    }

    public async Task CompleteAsync(long recordId, int statusCode, string headers, byte[] body, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await db.IdempotencyRecords.Where(r => r.Id == recordId).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.Completed, true).SetProperty(r => r.StatusCode, statusCode)
            .SetProperty(r => r.Headers, headers).SetProperty(r => r.Body, body), cancellationToken);
    }

    /// <summary>Forgets a record whose request failed unexpectedly, so a retry runs again instead of replaying a 500.</summary>
    public async Task AbandonAsync(long recordId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await db.IdempotencyRecords.Where(r => r.Id == recordId).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>Deletes expired records (called by the webhook worker's housekeeping).</summary>
    public async Task<int> PurgeExpiredAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.IdempotencyRecords.Where(r => r.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);
    }
}
