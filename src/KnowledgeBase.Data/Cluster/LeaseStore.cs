using KnowledgeBase.Core.Cluster;
using Microsoft.EntityFrameworkCore;

namespace KnowledgeBase.Data.Cluster;

/// <summary>
/// Leases in the database: one conditional UPDATE (take it when it is mine or expired) and, for a name never used
/// before, an INSERT that loses to a concurrent one on the primary key. Both statements are atomic on SQLite (one
/// writer at a time) and on PostgreSQL (the UPDATE re-checks its WHERE on the row it locked), so two nodes never both
/// win. Expiry is judged by the acting node's clock: nodes' clocks must agree to well within the lease duration (NTP).
/// </summary>
public sealed class LeaseStore(IDbContextFactory<KnowledgeBaseDbContext> contextFactory, TimeProvider clock)
{
    /// <summary>Takes the lease, or renews it when <paramref name="holder"/> holds it. True when it is held now.</summary>
    public async Task<bool> TryAcquireAsync(string name, string holder, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(holder);
        var now = clock.GetUtcNow().UtcDateTime;
        var expires = now + duration;
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var taken = await db.Leases
            .Where(l => l.Name == name && (l.Holder == holder || l.ExpiresAt < now))
            .ExecuteUpdateAsync(s => s
                .SetProperty(l => l.Generation, l => l.Holder == holder ? l.Generation : l.Generation + 1)
                .SetProperty(l => l.AcquiredAt, l => l.Holder == holder ? l.AcquiredAt : now)
                .SetProperty(l => l.Holder, holder)
                .SetProperty(l => l.ExpiresAt, expires), cancellationToken);
        if (taken == 1) return true;
        if (await db.Leases.AnyAsync(l => l.Name == name, cancellationToken)) return false;

        db.Leases.Add(new Lease { Name = name, Holder = holder, ExpiresAt = expires, AcquiredAt = now, Generation = 1 });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException ex) when (Tickets.UniqueViolations.Is(ex, "Leases"))
        {
            return false;
        }
    }

    /// <summary>Gives the lease up at once (a graceful stop), so another node need not wait for it to expire.</summary>
    public async Task ReleaseAsync(string name, string holder, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var expired = DateTime.SpecifyKind(DateTime.UnixEpoch, DateTimeKind.Utc);
        await db.Leases.Where(l => l.Name == name && l.Holder == holder)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.ExpiresAt, expired), cancellationToken);
    }

    public async Task<Lease?> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Leases.AsNoTracking().FirstOrDefaultAsync(l => l.Name == name, cancellationToken);
    }

    public async Task<IReadOnlyList<Lease>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Leases.AsNoTracking().OrderBy(l => l.Name).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="work"/> while holding the lease: renews it every third of <paramref name="duration"/> and
    /// cancels the work's token as soon as a renewal fails (the lease may be someone else's by then), releases it at the
    /// end. Returns false at once, without running anything, when another node holds the lease.
    /// </summary>
    public async Task<bool> RunExclusiveAsync(string name, string holder, TimeSpan duration, Func<CancellationToken, Task> work, CancellationToken cancellationToken = default)
    {
        if (!await TryAcquireAsync(name, holder, duration, cancellationToken)) return false;
        using var held = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var running = work(held.Token);
        var renewEvery = duration / 3;
        try
        {
            while (!running.IsCompleted)
            {
                await Task.WhenAny(running, Task.Delay(renewEvery, clock, cancellationToken));
                if (running.IsCompleted || cancellationToken.IsCancellationRequested) break;
                bool renewed;
                try
                {
                    renewed = await TryAcquireAsync(name, holder, duration, cancellationToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    renewed = false;
                }
                if (!renewed)
                {
                    await held.CancelAsync();
                    break;
                }
            }
            try
            {
                await running;
            }
            catch (OperationCanceledException) when (held.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                // The lease was lost: the work stopped, which is what the token asked of it.
            }
        }
        finally
        {
            try
            {
                await ReleaseAsync(name, holder, CancellationToken.None);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Releasing is a courtesy; an unreleased lease simply expires.
            }
        }
        return true;
    }
}
