using KnowledgeBase.Core.Psa;
using KnowledgeBase.Data.Tickets;
using Microsoft.EntityFrameworkCore;

namespace KnowledgeBase.Data.Psa;

/// <summary>
/// Single-use values of the panel: a signed link's nonce, a connect code, a capture form's key. Spending one is an
/// insert into a unique index, so of two uses — a replay racing the real one — exactly one succeeds, on every node.
/// </summary>
public sealed class PsaNonces(IDbContextFactory<KnowledgeBaseDbContext> contextFactory, TimeProvider clock)
{
    /// <summary>Spends the nonce; false when it was spent before.</summary>
    public async Task<bool> TrySpendAsync(long instanceId, string value, DateTime expiresAt, string? result = null, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        db.PsaNonces.Add(new PsaNonce { InstanceId = instanceId, Value = value, ExpiresAt = expiresAt, Result = result });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException ex) when (UniqueViolations.Is(ex, "PsaNonces"))
        {
            return false;
        }
    }

    /// <summary>What spending the nonce produced (set with <see cref="SetResultAsync"/>), for answering a repeat the same way.</summary>
    public async Task<string?> ResultAsync(long instanceId, string value, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.PsaNonces.AsNoTracking().Where(n => n.InstanceId == instanceId && n.Value == value).Select(n => n.Result).FirstOrDefaultAsync(cancellationToken);
    }

    public async Task SetResultAsync(long instanceId, string value, string result, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await db.PsaNonces.Where(n => n.InstanceId == instanceId && n.Value == value).ExecuteUpdateAsync(s => s.SetProperty(n => n.Result, result), cancellationToken);
    }

    /// <summary>Forgets nonces whose links and forms have expired anyway.</summary>
    public async Task<int> PurgeAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.PsaNonces.Where(n => n.ExpiresAt < now).ExecuteDeleteAsync(cancellationToken);
    }
}
