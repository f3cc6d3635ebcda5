using KnowledgeBase.Core.Tickets;

namespace KnowledgeBase.Data.Tickets;

/// <summary>A search to log: who ran it (user and session), what it was and found, and where (source, ticket, what it showed).</summary>
public sealed record SearchLogRequest(string UserName, string SessionId, string Query, int ResultCount)
{
    public string? Category { get; init; }
    public SearchSource Source { get; init; } = SearchSource.Site;
    public TicketKey? Ticket { get; init; }
    /// <summary>The article ids shown, in order; null when the source does not record them.</summary>
    public IEnumerable<string>? Shown { get; init; }
    public SearchIntent Intent { get; init; } = SearchIntent.Demand;
}
