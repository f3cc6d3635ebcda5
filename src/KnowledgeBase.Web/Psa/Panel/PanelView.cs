using KnowledgeBase.Core.Psa;
using KnowledgeBase.Core.Tickets;
using KnowledgeBase.Data.Psa;
using KnowledgeBase.Search;

namespace KnowledgeBase.Web.Psa.Panel;

/// <summary>A linked article as the panel lists it, with whether its note reached the PSA.</summary>
public sealed record PanelLinkRow(long LinkId, string ArticleId, string Title, LinkType Type, string LinkedBy, DateTime LinkedAt, string? NoteStatus);

/// <summary>Everything one render of the ticket panel shows.</summary>
public sealed record PanelView
{
    public required PsaInstance Instance { get; init; }
    public required string TicketId { get; init; }
    public Ticket? Ticket { get; init; }
    public string? CategoryName { get; init; }
    /// <summary>Who acts; null while the panel is not connected.</summary>
    public PsaMember? Member { get; init; }
    /// <summary>The session every form carries; null while not connected.</summary>
    public string? Session { get; init; }
    public string? Message { get; init; }
    public bool IsError { get; init; }
    public string Query { get; init; } = "";
    public IReadOnlyList<SearchHit>? Results { get; init; }
    public IReadOnlyList<SearchHit> Suggestions { get; init; } = [];
    public bool SearchUnavailable { get; init; }
    public IReadOnlyList<PanelLinkRow> Links { get; init; } = [];
    public string CaptureKey { get; init; } = "";
    /// <summary>A grant the frame keeps in its own (partitioned) storage, with its expiry.</summary>
    public string? Grant { get; init; }
    public DateTimeOffset? GrantExpires { get; init; }
    /// <summary>The grant the frame holds is no longer good: the page tells the script to forget it.</summary>
    public bool ForgetGrant { get; init; }
    /// <summary>Where the connect window opens (first-party, signed in with the site's own cookie).</summary>
    public required string ConnectUrl { get; init; }
    /// <summary>The article the last action was about (its row takes the focus).</summary>
    public string? FocusArticle { get; init; }

    public bool Connected => Member is not null && Session is not null;

    public string ActionUrl(string action) => $"/psa/{Instance.Slug}/panel/{Uri.EscapeDataString(TicketId)}/{action}";
}
