using KnowledgeBase.Core.Tickets;
using Microsoft.EntityFrameworkCore;

namespace KnowledgeBase.Data.Tickets;

public sealed partial class ReuseLedger
{
    /// <summary>Records a search of the site's search page.</summary>
    public Task<SearchLogEntry> LogSearchAsync(string userName, string sessionId, string query, int resultCount, string? category = null, CancellationToken cancellationToken = default) =>
        LogSearchAsync(new SearchLogRequest(userName, sessionId, query, resultCount) { Category = category }, cancellationToken);

    /// <summary>
    /// Records a search of any source. Over-long input is cut rather than refused: logging must never make a search fail.
    /// </summary>
    public async Task<SearchLogEntry> LogSearchAsync(SearchLogRequest request, CancellationToken cancellationToken = default)
    {
        var ticket = request.Ticket;
        var entry = new SearchLogEntry
        {
            Query = Cut(request.Query.Trim(), SearchLogEntry.MaxQueryLength),
            NormalizedQuery = SearchQueries.Normalize(request.Query),
            ResultCount = Math.Max(0, request.ResultCount),
            UserName = Cut(request.UserName, 256),
            SessionId = Cut(request.SessionId, 128),
            Category = string.IsNullOrWhiteSpace(request.Category) ? null : Cut(request.Category.Trim(), 64),
            OccurredAt = clock.GetUtcNow().UtcDateTime,
            Source = request.Source,
            TicketSystem = ticket is null ? null : Cut(ticket.System, Ticket.MaxSystemLength),
            TicketInstance = ticket is null ? null : Cut(ticket.Instance, Ticket.MaxInstanceLength),
            TicketId = ticket is null ? null : Cut(ticket.ExternalId, Ticket.MaxExternalIdLength),
            ShownArticleIds = SearchLogEntry.FormatShown(request.Shown),
            Prefetch = request.Intent == SearchIntent.Prefetch,
        };
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        db.SearchLog.Add(entry);
        await db.SaveChangesAsync(cancellationToken);
        return entry;
    }

    /// <summary>The session opened an article: the search it answers (<see cref="SearchSuccess"/>) becomes successful.</summary>
    public async Task<bool> RecordOpenAsync(string sessionId, string? query, string articleId, CancellationToken cancellationToken = default, TicketKey? ticket = null)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var answered = await AnswerAsync(db, SearchAct.Open, sessionId, query, articleId, ticket, cancellationToken);
        if (answered) await db.SaveChangesAsync(cancellationToken);
        return answered;
    }

    /// <summary>
    /// The session linked an article to a ticket: the search it answers (<see cref="SearchSuccess"/>) becomes successful.
    /// <see cref="LinkAsync"/> does this itself, in the link's transaction.
    /// </summary>
    public async Task<bool> RecordLinkAsync(string sessionId, string? query, string articleId, CancellationToken cancellationToken = default, TicketKey? ticket = null)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var answered = await AnswerAsync(db, SearchAct.Link, sessionId, query, articleId, ticket, cancellationToken);
        if (answered) await db.SaveChangesAsync(cancellationToken);
        return answered;
    }

    /// <summary>Loads the newest candidates of the session (and of the ticket) and marks the one the act answers; the caller saves.</summary>
    private static async Task<bool> AnswerAsync(KnowledgeBaseDbContext db, SearchAct act, string sessionId, string? query, string articleId, TicketKey? ticket, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(articleId)) return false;
        var searches = ticket is null
            ? db.SearchLog.Where(s => s.SessionId == sessionId)
            : db.SearchLog.Where(s => s.SessionId == sessionId
                || (s.TicketSystem == ticket.System && s.TicketInstance == ticket.Instance && s.TicketId == ticket.ExternalId));
        if (!string.IsNullOrWhiteSpace(query))
        {
            var normalized = SearchQueries.Normalize(query);
            searches = searches.Where(s => s.NormalizedQuery == normalized);
        }
        var candidates = await searches.OrderByDescending(s => s.Id).Take(SearchSuccess.Candidates).ToListAsync(cancellationToken);
        if (SearchSuccess.Answered(candidates, act, sessionId, articleId, ticket) is not { } answered) return false;
        answered.Answer(act, articleId);
        return true;
    }

    private static string Cut(string s, int max) => s.Length <= max ? s : s[..max];
}
