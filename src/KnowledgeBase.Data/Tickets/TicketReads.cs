using KnowledgeBase.Core.Access;
using Microsoft.EntityFrameworkCore;

namespace KnowledgeBase.Data.Tickets;

/// <summary>
/// The read side of tickets for intake: which PSA systems and instances tickets already came from. Tickets are the
/// service desk's data (<see cref="AccessPolicy.MaySeeTickets"/>): a viewer who may not see them gets empty answers.
/// Tickets and links are written by <see cref="ReuseLedger"/>.
/// </summary>
public sealed class TicketReads(IDbContextFactory<KnowledgeBaseDbContext> contextFactory)
{
    /// <summary>The systems tickets came from, alphabetically (at most <paramref name="limit"/>).</summary>
    public async Task<IReadOnlyList<string>> SystemsAsync(Viewer viewer, int limit = 50, CancellationToken cancellationToken = default)
    {
        if (!viewer.MaySeeTickets()) return [];
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Tickets.AsNoTracking().Select(t => t.System).Distinct().OrderBy(s => s).Take(limit).ToListAsync(cancellationToken);
    }

    /// <summary>The instances tickets came from, alphabetically (at most <paramref name="limit"/>); with <paramref name="system"/>, only that system's.</summary>
    public async Task<IReadOnlyList<string>> InstancesAsync(Viewer viewer, string? system = null, int limit = 50, CancellationToken cancellationToken = default)
    {
        if (!viewer.MaySeeTickets()) return [];
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var tickets = db.Tickets.AsNoTracking();
        if (system is not null) tickets = tickets.Where(t => t.System == system);
        return await tickets.Select(t => t.Instance).Distinct().OrderBy(s => s).Take(limit).ToListAsync(cancellationToken);
    }
}
