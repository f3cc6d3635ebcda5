namespace KnowledgeBase.Core.Tickets;

/// <summary>
/// One search as a technician (or an integration for one) ran it, with where it ran (<see cref="Source"/>), the ticket
/// it was for when known, and what it showed when the source records it. A search is successful when a later open or
/// link answers it (<see cref="SearchSuccess"/>); one with no results is a content gap. A prefetch is not demand until
/// an act answers it.
/// </summary>
public sealed class SearchLogEntry
{
    public const int MaxQueryLength = 500;
    /// <summary>The most shown article ids kept per search (the first page of a panel, API or intake answer).</summary>
    public const int MaxShown = 20;
    public const int MaxShownLength = 1400;

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
    public SearchSource Source { get; init; } = SearchSource.Site;
    /// <summary>The ticket the search was for (all three or none), e.g. the panel's ticket.</summary>
    public string? TicketSystem { get; init; }
    public string? TicketInstance { get; init; }
    public string? TicketId { get; init; }
    /// <summary>The article ids the search showed, space-separated, in order; null when the source does not record them (the site's search page).</summary>
    public string? ShownArticleIds { get; init; }
    /// <summary>Logged before anyone looked (<see cref="SearchIntent.Prefetch"/>) and not acted on yet: not demand.</summary>
    public bool Prefetch { get; set; }

    public bool Successful => OpenedArticleId is not null || LinkedArticleId is not null;

    public TicketKey? Ticket => TicketSystem is not null && TicketInstance is not null && TicketId is not null ? new TicketKey(TicketSystem, TicketInstance, TicketId) : null;

    /// <summary>Whether the search showed the article; null when what it showed is not recorded.</summary>
    public bool? Showed(string articleId) => ShownArticleIds is null ? null : ShownArticleIds.Split(' ').Contains(articleId, StringComparer.Ordinal);

    /// <summary>
    /// An open or a link answered this search: the first article of each kind counts (later ones do not overwrite it),
    /// and a prefetch someone acted on becomes demand.
    /// </summary>
    public void Answer(SearchAct act, string articleId)
    {
        if (act == SearchAct.Link) LinkedArticleId ??= articleId;
        else OpenedArticleId ??= articleId;
        Prefetch = false;
    }

    /// <summary>The shown ids as stored: the first <see cref="MaxShown"/>, space-separated, within <see cref="MaxShownLength"/>.</summary>
    public static string? FormatShown(IEnumerable<string>? ids)
    {
        if (ids is null) return null;
        var kept = new List<string>();
        var length = 0;
        foreach (var id in ids.Where(i => !string.IsNullOrWhiteSpace(i) && !i.Contains(' ')).Distinct(StringComparer.Ordinal).Take(MaxShown))
        {
            if (length + id.Length + 1 > MaxShownLength) break;
            kept.Add(id);
            length += id.Length + 1;
        }
        return string.Join(' ', kept);
    }
}
