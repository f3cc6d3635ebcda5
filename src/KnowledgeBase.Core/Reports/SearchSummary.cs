namespace KnowledgeBase.Core.Reports;

/// <summary>A search in a drill-down list: what was typed, by whom, in which category, how many results, and what followed.</summary>
public sealed record SearchSummary(long Id, string Query, string NormalizedQuery, string UserName, string? Category, int ResultCount,
    DateTime OccurredAt, string? OpenedArticleId, string? LinkedArticleId)
{
    public Tickets.SearchSource Source { get; init; } = Tickets.SearchSource.Site;
    /// <summary>The ticket the search was for, as system/instance/id; null when not known.</summary>
    public string? Ticket { get; init; }
}
