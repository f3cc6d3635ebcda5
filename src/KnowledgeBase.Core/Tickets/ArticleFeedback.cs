namespace KnowledgeBase.Core.Tickets;

/// <summary>A helpful / not helpful vote on an article, optionally with a comment.</summary>
public sealed class ArticleFeedback
{
    public long Id { get; init; }
    public required string ArticleId { get; init; }
    public bool Helpful { get; init; }
    public string Comment { get; init; } = "";
    public required string GivenBy { get; init; }
    public DateTime GivenAt { get; init; }
}
