using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Reports;

namespace KnowledgeBase.Data.Reports;

/// <summary>One article with the aggregates the stale rules and the review queue need, computed by the database.</summary>
internal sealed class ArticleStaleRow
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    public KcsState State { get; init; }
    public int Version { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime? LastReviewedAt { get; init; }
    public string? ExplicitOwner { get; init; }
    public string? PrimaryCategoryId { get; init; }
    public string? CategoryOwner { get; init; }
    public int? ReviewIntervalDays { get; init; }
    public DateTime? LastLinkedAt { get; init; }
    public DateTime? OldestOpenFlagAt { get; init; }
    public int OpenFlags { get; init; }
    public DateTime? OldestOpenProposalAt { get; init; }
    public int OpenProposals { get; init; }
    public int WindowLinks { get; init; }
    public int WindowResolvedLinks { get; init; }
    public DateTime? WindowFirstLinkAt { get; init; }
    public int RecentLinks { get; init; }
    public int RecentSearches { get; init; }

    public string? Owner => Core.Owners.AccountableOwner.Of(ExplicitOwner, CategoryOwner);

    public StaleFacts Facts => new()
    {
        State = State, CreatedAt = CreatedAt, LastReviewedAt = LastReviewedAt,
        ReviewIntervalDays = ReviewIntervalDays ?? Core.Categories.TicketCategory.DefaultReviewIntervalDays,
        LastLinkedAt = LastLinkedAt, OldestOpenFlagAt = OldestOpenFlagAt,
        WindowLinks = WindowLinks, WindowResolvedLinks = WindowResolvedLinks, WindowFirstLinkAt = WindowFirstLinkAt,
    };
}
