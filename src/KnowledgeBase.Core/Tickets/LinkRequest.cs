using KnowledgeBase.Core.Articles;

namespace KnowledgeBase.Core.Tickets;

/// <summary>
/// "This article helped with this ticket" (<c>POST /ticket-links</c>). <see cref="Reader"/> is who the caller reads as:
/// a Customer-scoped caller cannot see, and so cannot link, an Internal article or another client's.
/// </summary>
public sealed record LinkRequest(TicketKey Ticket, string ArticleId, LinkType Type)
{
    public LinkChannel Channel { get; init; } = LinkChannel.Ui;
    public bool StillAccurate { get; init; }
    public Access.Reader Reader { get; init; } = Access.Reader.Internal;
    /// <summary>The search session whose latest search this link may answer (<see cref="SearchSuccess"/>); who links when null.</summary>
    public string? SearchSession { get; init; }
}
