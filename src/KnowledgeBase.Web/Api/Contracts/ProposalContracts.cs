namespace KnowledgeBase.Web.Api.Contracts;

// Proposed revisions (docs/proposals.md): listed without their text, fetched with it and a unified diff, accepted or rejected.

public sealed record ProposalSummary(long Id, string ArticleId, string ArticleTitle, int BaseVersion, int ArticleVersion, bool Outdated, string Title,
    string Author, string ChangeNote, DateTime CreatedAt, string Status, string? DecidedBy, DateTime? DecidedAt, string? DecisionNote, int? AppliedVersion,
    string Url, string ReviewUrl);

public sealed record ProposalListResponse(IReadOnlyList<ProposalSummary> Items, string? NextCursor);

/// <summary>What accepting an open proposal would do: <c>outdated</c> when the article moved on since its base, <c>conflicts</c> passages changed on both sides.</summary>
public sealed record ProposalMergeInfo(bool Outdated, bool Clean, int Conflicts, bool TitleConflicts);

/// <summary>
/// One proposal with its Markdown. <c>diff</c> is a unified diff: for an open proposal, of what accepting would change in
/// the current version (merged, or as written when it conflicts); for a decided one, of what it proposed against its base.
/// <c>diffFromVersion</c> names the version the diff starts from.
/// </summary>
public sealed record ProposalDetails(long Id, string ArticleId, string ArticleTitle, int BaseVersion, int ArticleVersion, bool Outdated, string Title,
    string Author, string ChangeNote, DateTime CreatedAt, string Status, string? DecidedBy, DateTime? DecidedAt, string? DecisionNote, int? AppliedVersion,
    string Url, string ReviewUrl, string Markdown, IReadOnlyList<string> Categories, IReadOnlyList<string> Tags, int DiffFromVersion, string Diff, ProposalMergeInfo? Merge);

/// <summary><c>mode</c>: <c>merge</c> (default) applies the proposal onto the current version and refuses when both changed the same passage; <c>replace</c> applies its title and body as written.</summary>
public sealed record AcceptProposalRequest(string? Mode, string? Note);

public sealed record RejectProposalRequest(string? Reason);
