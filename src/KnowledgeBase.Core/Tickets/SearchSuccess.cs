namespace KnowledgeBase.Core.Tickets;

/// <summary>
/// The one rule of search success (docs/search.md, "Every search counted"): which logged search an open or a link
/// answers. Every source (site, API, suggestions, intake, panel) and every act (the site's result click, an API read
/// of an article, a link from the site, the API or the panel) goes through it.
/// </summary>
/// <remarks>
/// The candidates are the searches of the same session (the account or API key that searched) and, for an act on a
/// ticket, the searches made for that ticket, newest first. The act answers the newest of them that
/// <list type="number">
/// <item>showed the article; else</item>
/// <item>for a link: was made for the linked ticket (a panel or intake search for that ticket led to the link, whatever
/// it showed); else</item>
/// <item>does not record what it showed (the site's search page, where only a shown result can be clicked) and is the
/// session's.</item>
/// </list>
/// A search that recorded what it showed is never answered by opening an article it did not show. The answered search
/// keeps the first opened and the first linked article, and a prefetch becomes demand.
/// </remarks>
public static class SearchSuccess
{
    /// <summary>How many of the newest candidates are considered.</summary>
    public const int Candidates = 50;

    public static SearchLogEntry? Answered(IEnumerable<SearchLogEntry> candidates, SearchAct act, string sessionId, string articleId, TicketKey? ticket)
    {
        var newestFirst = candidates.OrderByDescending(s => s.Id).ToList();
        return newestFirst.FirstOrDefault(s => s.Showed(articleId) == true)
               ?? (act == SearchAct.Link && ticket is not null ? newestFirst.FirstOrDefault(s => s.Ticket == ticket) : null)
               ?? newestFirst.FirstOrDefault(s => s.SessionId == sessionId && s.ShownArticleIds is null);
    }
}
