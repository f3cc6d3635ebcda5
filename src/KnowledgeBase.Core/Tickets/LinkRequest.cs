using KnowledgeBase.Core.Articles;

namespace KnowledgeBase.Core.Tickets;

/// <summary>
/// "This article helped with this ticket" (<c>POST /ticket-links</c>). <see cref="ReaderAudience"/> is the audience the
/// caller reads with: a Customer-scoped caller cannot see, and so cannot link, an Internal article.
/// </summary>
public sealed record LinkRequest(TicketKey Ticket, string ArticleId, LinkType Type)
{
    public LinkChannel Channel { get; init; } = LinkChannel.Ui;
    public bool StillAccurate { get; init; }
    public Audience ReaderAudience { get; init; } = Audience.Internal;
    /// <summary>The search session whose latest search this link may answer (<see cref="SearchSuccess"/>); who links when null.</summary>
    public string? SearchSession { get; init; }
}
