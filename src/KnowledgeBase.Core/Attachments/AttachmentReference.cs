namespace KnowledgeBase.Core.Attachments;

/// <summary>
/// Version <see cref="Version"/> of article <see cref="ArticleId"/> links to the attachment. Written with the revision and,
/// like it, never removed: an attachment is kept as long as any revision references it, and a reader sees it only through
/// a revision they may see.
/// </summary>
public sealed class AttachmentReference
{
    public required string ArticleId { get; init; }
    public required int Version { get; init; }
    public required string Sha256 { get; init; }
}
