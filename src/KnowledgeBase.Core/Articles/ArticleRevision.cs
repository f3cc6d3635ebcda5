namespace KnowledgeBase.Core.Articles;

/// <summary>
/// An applied version of an article, append-only: once written it is never updated or deleted
/// (the DbContext refuses to). Version N of an article is the revision with <see cref="Version"/> N.
/// </summary>
public sealed class ArticleRevision
{
    public long Id { get; init; }
    public required string ArticleId { get; init; }
    public required int Version { get; init; }
    public required string Title { get; init; }
    public required string Body { get; init; }
    public required string Html { get; init; }
    public required KcsState State { get; init; }
    public required Audience Audience { get; init; }
    /// <summary>Category ids at that version, primary first, comma-separated.</summary>
    public string Categories { get; init; } = "";
    public string Tags { get; init; } = "";
    /// <summary>The clients' keys at that version (<see cref="ClientNames.Scope"/>; "": every client).</summary>
    public string ClientScope { get; init; } = "";
    /// <summary>The clients' names as shown at that version, one per line ("": every client).</summary>
    public string Clients { get; init; } = "";
    public required string Author { get; init; }
    public Lifecycle.KcsRole AuthorRole { get; init; }
    public string ChangeNote { get; init; } = "";
    /// <summary>The accepted proposal this version applied; <see cref="Author"/> is then who accepted it.</summary>
    public long? ProposalId { get; init; }
    /// <summary>Who wrote the accepted proposal: credited in the history beside <see cref="Author"/>, who accepted it.</summary>
    public string? ProposedBy { get; init; }
    public required DateTime CreatedAt { get; init; }
}
