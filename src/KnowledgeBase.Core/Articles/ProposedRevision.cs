namespace KnowledgeBase.Core.Articles;

public enum ProposalStatus
{
    Open = 0,
    Accepted = 1,
    Rejected = 2,
    /// <summary>Taken back by its author before anyone decided.</summary>
    Withdrawn = 3,
}

/// <summary>
/// An edit that its author may not apply directly (a Candidate editing a Validated article): kept for a
/// Contributor or above to accept or reject, so nothing the Candidate wrote is lost. It is decided once: the status
/// is the concurrency token, so of two deciders at the same moment exactly one wins.
/// </summary>
public sealed class ProposedRevision
{
    public const int MaxDecisionNoteLength = 2000;

    public long Id { get; init; }
    public required string ArticleId { get; init; }
    /// <summary>The article version the author started from.</summary>
    public required int BaseVersion { get; init; }
    public required string Title { get; init; }
    public required string Body { get; init; }
    public required string Html { get; init; }
    /// <summary>Proposed category ids, primary first, comma-separated; null in proposals kept before categories were (they propose no change).</summary>
    public string? Categories { get; init; }
    /// <summary>Proposed tags, comma-separated; null as for <see cref="Categories"/>.</summary>
    public string? Tags { get; init; }
    public required string Author { get; init; }
    public Lifecycle.KcsRole AuthorRole { get; init; }
    public string ChangeNote { get; init; } = "";
    public required DateTime CreatedAt { get; init; }
    public ProposalStatus Status { get; set; }
    public string? DecidedBy { get; set; }
    public DateTime? DecidedAt { get; set; }
    /// <summary>The decider's note: the reason of a rejection (required), an optional note on an acceptance.</summary>
    public string? DecisionNote { get; set; }
    /// <summary>The article version an accepted proposal became.</summary>
    public int? AppliedVersion { get; set; }

    public bool IsOpen => Status == ProposalStatus.Open;
}
