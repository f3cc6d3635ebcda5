namespace KnowledgeBase.Core.Articles;

/// <summary>A save was based on an older version than the one stored: nothing was overwritten.</summary>
public sealed class ArticleConflictException(string articleId, int expectedVersion, int currentVersion)
    : Exception($"Article '{articleId}' was changed by someone else: you edited version {expectedVersion}, the stored version is {currentVersion}. Nothing was saved.")
{
    public string ArticleId { get; } = articleId;
    public int ExpectedVersion { get; } = expectedVersion;
    public int CurrentVersion { get; } = currentVersion;
}

/// <summary>The lifecycle rules refuse the change for the actor's role.</summary>
public sealed class ArticleForbiddenException(string reason) : Exception(reason);

public sealed class ArticleNotFoundException(string articleId) : Exception($"Article '{articleId}' does not exist.")
{
    public string ArticleId { get; } = articleId;
}

/// <summary>Input that cannot be stored; <see cref="Errors"/> maps each field to what is wrong with it.</summary>
public sealed class ArticleValidationException(IReadOnlyDictionary<string, string> errors)
    : Exception("The article is not valid: " + string.Join("; ", errors.Select(e => $"{e.Key}: {e.Value}")))
{
    public IReadOnlyDictionary<string, string> Errors { get; } = errors;
}

public sealed class ProposalNotFoundException(long proposalId) : Exception($"Proposal #{proposalId} does not exist.")
{
    public long ProposalId { get; } = proposalId;
}

/// <summary>The proposal was already accepted or rejected (possibly a moment ago, by someone else): it is decided once.</summary>
public sealed class ProposalDecidedException(ProposedRevision proposal)
    : Exception($"Proposal #{proposal.Id} was already {proposal.Status.ToString().ToLowerInvariant()}"
                + (proposal.DecidedBy is null ? "" : $" by {proposal.DecidedBy}")
                + (proposal.DecidedAt is { } at ? $" at {at:yyyy-MM-dd HH:mm} UTC" : "")
                + (proposal.AppliedVersion is { } version ? $" (version {version})" : "") + ". Nothing was changed.")
{
    public long ProposalId { get; } = proposal.Id;
    public ProposalStatus Status { get; } = proposal.Status;
    public string? DecidedBy { get; } = proposal.DecidedBy;
}

/// <summary>
/// The article moved on since the proposal's base and both changed the same passages: merging would have to choose.
/// Nothing was changed; accepting with <see cref="ProposalAcceptMode.Replace"/> applies the proposal as it is.
/// </summary>
public sealed class ProposalMergeConflictException(long proposalId, int baseVersion, int currentVersion, int conflicts)
    : Exception($"Proposal #{proposalId} was written on version {baseVersion}; version {currentVersion} changed the same "
                + (conflicts == 1 ? "passage" : $"{conflicts} passages") + " differently, so it cannot be merged. Nothing was changed: "
                + $"apply the proposal as it is over version {currentVersion} (replacing those passages), or edit the article yourself.")
{
    public long ProposalId { get; } = proposalId;
    public int BaseVersion { get; } = baseVersion;
    public int CurrentVersion { get; } = currentVersion;
    public int Conflicts { get; } = conflicts;
}
