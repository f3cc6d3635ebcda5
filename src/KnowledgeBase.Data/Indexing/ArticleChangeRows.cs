using KnowledgeBase.Core.Articles;
using Microsoft.EntityFrameworkCore;

namespace KnowledgeBase.Data.Indexing;

/// <summary>
/// Change-log rows for articles whose indexed facts changed without a new version (<see cref="ChangeType.OwnerChanged"/>,
/// <see cref="ChangeType.ReuseChanged"/>), added to the caller's context so they commit in the change's own transaction:
/// every node's index then re-reads those articles through the <see cref="ArticleChangeFeed"/> within its usual lag.
/// </summary>
public static class ArticleChangeRows
{
    /// <summary>Adds a row of <paramref name="type"/> for each live article of <paramref name="articles"/>; returns how many.</summary>
    public static async Task<int> AddAsync(KnowledgeBaseDbContext db, IQueryable<Article> articles, ChangeType type, string actor, DateTime now, CancellationToken cancellationToken)
    {
        var rows = await articles.Where(a => a.DeletedAt == null).Select(a => new { a.Id, a.Version, a.State, a.Audience, Clients = a.Clients.Select(c => c.Key).ToList() }).ToListAsync(cancellationToken);
        db.ChangeLog.AddRange(rows.Select(a => new ChangeLogEntry
        {
            ArticleId = a.Id, Version = a.Version, Type = type, State = a.State, Audience = a.Audience, ClientScope = ClientNames.Scope(a.Clients), OccurredAt = now, Actor = actor,
        }));
        return rows.Count;
    }
}
