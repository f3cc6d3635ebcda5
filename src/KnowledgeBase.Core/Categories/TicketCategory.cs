namespace KnowledgeBase.Core.Categories;

/// <summary>A ticket category (a service-desk workflow) with the owner accountable for its documentation.</summary>
public sealed class TicketCategory
{
    public const int DefaultReviewIntervalDays = 180;

    public required string Id { get; init; }
    public required string Name { get; set; }
    public string? ParentId { get; set; }
    /// <summary>A person or a team.</summary>
    public required string Owner { get; set; }
    public int ReviewIntervalDays { get; set; } = DefaultReviewIntervalDays;
    public string Description { get; set; } = "";
    public int SortOrder { get; set; }
}
