using KnowledgeBase.Core.Articles;

namespace KnowledgeBase.Core.Reports;

/// <summary>
/// What the stale rules need to know about one article, aggregated by the database: its dates, its primary category's
/// review interval, its latest link, its oldest open flag and its links in the effectiveness window. Removed links are
/// never counted.
/// </summary>
public sealed record StaleFacts
{
    public required KcsState State { get; init; }
    public required DateTime CreatedAt { get; init; }
    public DateTime? LastReviewedAt { get; init; }
    /// <summary>The primary category's interval, or <see cref="Categories.TicketCategory.DefaultReviewIntervalDays"/> without one.</summary>
    public int ReviewIntervalDays { get; init; } = Categories.TicketCategory.DefaultReviewIntervalDays;
    public DateTime? LastLinkedAt { get; init; }
    public DateTime? OldestOpenFlagAt { get; init; }
    /// <summary>Links made in the effectiveness window.</summary>
    public int WindowLinks { get; init; }
    public int WindowResolvedLinks { get; init; }
    /// <summary>The first link made in the effectiveness window (the start of the evidence).</summary>
    public DateTime? WindowFirstLinkAt { get; init; }
}
