using KnowledgeBase.Core.Articles;
using Microsoft.EntityFrameworkCore;

namespace KnowledgeBase.Data.Articles;

/// <summary>
/// The client names the knowledge base knows — those seen on tickets (the PSA's company names) and those articles are
/// written for — offered where an Admin or an editor names a client (free entry stays possible).
/// </summary>
public sealed class ClientDirectory(IDbContextFactory<KnowledgeBaseDbContext> contextFactory)
{
    public const int MaxNames = 500;

    /// <summary>Each known client once (the first spelling of its key), in name order.</summary>
    public async Task<IReadOnlyList<string>> KnownAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var fromTickets = await db.Tickets.AsNoTracking().Where(t => t.Client != null && t.Client != "").Select(t => t.Client!).Distinct()
            .OrderBy(c => c).Take(MaxNames).ToListAsync(cancellationToken);
        var fromArticles = await db.ArticleClients.AsNoTracking().Select(c => c.Name).Distinct().OrderBy(c => c).Take(MaxNames).ToListAsync(cancellationToken);
        return ClientNames.Distinct(fromArticles.Concat(fromTickets)).Where(n => ClientNames.Problem(n) is null)
            .Order(StringComparer.OrdinalIgnoreCase).Take(MaxNames).ToList();
    }
}
