namespace KnowledgeBase.Core.Tickets;

/// <summary>"Flag it": a reader says an article is wrong or incomplete; it enters the owner's review queue until resolved.</summary>
public sealed class ArticleFlag
{
    public const int MaxCommentLength = 2000;

    public long Id { get; init; }
    public required string ArticleId { get; init; }
    public FlagReason Reason { get; init; }
    public string Comment { get; init; } = "";
    public required string RaisedBy { get; init; }
    public DateTime RaisedAt { get; init; }
    public DateTime? ResolvedAt { get; set; }
    public string? ResolvedBy { get; set; }
    public string? Resolution { get; set; }

    public bool IsOpen => ResolvedAt is null;
}
