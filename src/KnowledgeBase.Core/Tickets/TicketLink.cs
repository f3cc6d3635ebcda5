namespace KnowledgeBase.Core.Tickets;

/// <summary>
/// A ticket ↔ article link of the reuse ledger. One per (ticket, article) pair: linking again upgrades it, removing it
/// only stamps <see cref="RemovedAt"/> so the audit trail and the history keep it.
/// </summary>
public sealed class TicketLink
{
    public long Id { get; init; }
    public required long TicketId { get; init; }
    public required string ArticleId { get; init; }
    public LinkType Type { get; set; }
    /// <summary>The article version the technician saw when linking.</summary>
    public int ArticleVersion { get; set; }
    public required string LinkedBy { get; set; }
    public DateTime LinkedAt { get; set; }
    public LinkChannel Channel { get; set; }
    /// <summary>The linker confirmed the article is still accurate (with a resolved link by a Contributor+, a review).</summary>
    public bool StillAccurate { get; set; }
    public DateTime? RemovedAt { get; set; }
    public string? RemovedBy { get; set; }

    public bool IsRemoved => RemovedAt is not null;
}
