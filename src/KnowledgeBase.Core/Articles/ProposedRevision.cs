namespace KnowledgeBase.Core.Articles;

public enum ProposalStatus
{
    Open = 0,
    Accepted = 1,
    Rejected = 2,
}

/// <summary>
/// An edit that its author may not apply directly (a Candidate editing a Validated article): kept for a
/// Contributor or above to accept or reject, so nothing the Candidate wrote is lost.
/// </summary>
public sealed class ProposedRevision
{
    public long Id { get; init; }
    public required string ArticleId { get; init; }
    /// <summary>The article version the author started from.</summary>
    public required int BaseVersion { get; init; }
    public required string Title { get; init; }
    public required string Body { get; init; }
    public required string Html { get; init; }
    public required string Author { get; init; }
    public Lifecycle.KcsRole AuthorRole { get; init; }
    public string ChangeNote { get; init; } = "";
    public required DateTime CreatedAt { get; init; }
    public ProposalStatus Status { get; set; }
    public string? DecidedBy { get; set; }
    public DateTime? DecidedAt { get; set; }
    public string? DecisionNote { get; set; }
}
