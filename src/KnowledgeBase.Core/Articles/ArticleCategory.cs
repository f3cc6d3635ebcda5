namespace KnowledgeBase.Core.Articles;

/// <summary>An article's membership in a ticket category; Position 0 is the primary category.</summary>
public sealed class ArticleCategory
{
    public required string ArticleId { get; init; }
    public required string CategoryId { get; init; }
    public int Position { get; set; }
}
