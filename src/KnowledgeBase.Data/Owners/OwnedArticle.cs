using KnowledgeBase.Core.Articles;

namespace KnowledgeBase.Data.Owners;

/// <summary>An article with what its accountable owner is computed from, as the database holds it now.</summary>
public sealed class OwnedArticle
{
    public required Article Article { get; init; }
    public string? PrimaryCategoryId { get; init; }
    /// <summary>The primary category's owner (stored reference).</summary>
    public string? CategoryOwner { get; init; }
    public int? ReviewIntervalDays { get; init; }
}
