namespace KnowledgeBase.Core.Tickets;

/// <summary>
/// One search as a technician ran it. A search is successful when the same session opens or links an article
/// afterwards (<see cref="OpenedArticleId"/>, <see cref="LinkedArticleId"/>); one with no results is a content gap.
/// </summary>
public sealed class SearchLogEntry
{
    public const int MaxQueryLength = 500;

    public long Id { get; init; }
    public required string Query { get; init; }
    /// <summary>See <see cref="SearchQueries.Normalize"/>; the key content gaps are grouped by.</summary>
    public required string NormalizedQuery { get; init; }
    public int ResultCount { get; init; }
    public required string UserName { get; init; }
    public required string SessionId { get; init; }
    public DateTime OccurredAt { get; init; }
    public string? OpenedArticleId { get; set; }
    public string? LinkedArticleId { get; set; }
    /// <summary>The category filter or the ticket's category the search ran in, when known.</summary>
    public string? Category { get; init; }

    public bool Successful => OpenedArticleId is not null || LinkedArticleId is not null;
}
