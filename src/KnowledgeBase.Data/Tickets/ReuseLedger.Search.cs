using KnowledgeBase.Core.Tickets;
using Microsoft.EntityFrameworkCore;

namespace KnowledgeBase.Data.Tickets;

public sealed partial class ReuseLedger
{
    /// <summary>
    /// Records a search. Over-long input is cut rather than refused: logging must never make a search fail.
    /// </summary>
    public async Task<SearchLogEntry> LogSearchAsync(string userName, string sessionId, string query, int resultCount, string? category = null, CancellationToken cancellationToken = default)
    {
        var entry = new SearchLogEntry
        {
            Query = Cut(query.Trim(), SearchLogEntry.MaxQueryLength),
            NormalizedQuery = SearchQueries.Normalize(query),
            ResultCount = Math.Max(0, resultCount),
            UserName = Cut(userName, 256),
            SessionId = Cut(sessionId, 128),
            Category = string.IsNullOrWhiteSpace(category) ? null : Cut(category.Trim(), 64),
            OccurredAt = clock.GetUtcNow().UtcDateTime,
        };
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        db.SearchLog.Add(entry);
        await db.SaveChangesAsync(cancellationToken);
        return entry;
    }

    /// <summary>The session opened an article: its latest search (for <paramref name="query"/> when given) becomes successful.</summary>
    public Task<bool> RecordOpenAsync(string sessionId, string? query, string articleId, CancellationToken cancellationToken = default) =>
        MarkAsync(sessionId, query, articleId, linked: false, cancellationToken);

    /// <summary>The session linked an article to a ticket: its latest search (for <paramref name="query"/> when given) becomes successful.</summary>
    public Task<bool> RecordLinkAsync(string sessionId, string? query, string articleId, CancellationToken cancellationToken = default) =>
        MarkAsync(sessionId, query, articleId, linked: true, cancellationToken);

    private async Task<bool> MarkAsync(string sessionId, string? query, string articleId, bool linked, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var searches = db.SearchLog.Where(s => s.SessionId == sessionId);
        if (!string.IsNullOrWhiteSpace(query))
        {
            var normalized = SearchQueries.Normalize(query);
            searches = searches.Where(s => s.NormalizedQuery == normalized);
        }
        var latest = await searches.OrderByDescending(s => s.Id).FirstOrDefaultAsync(cancellationToken);
        if (latest is null) return false;
        // The first article that answered the search is the one that counts; later ones do not overwrite it.
        if (linked) latest.LinkedArticleId ??= articleId;
        else latest.OpenedArticleId ??= articleId;
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    private static string Cut(string s, int max) => s.Length <= max ? s : s[..max];
}
