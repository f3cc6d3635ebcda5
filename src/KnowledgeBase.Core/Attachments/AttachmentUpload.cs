namespace KnowledgeBase.Core.Attachments;

/// <summary>
/// Someone uploaded an attachment (with this name, at this time). An attachment that only uploads point to, and whose
/// newest upload is older than the orphan age, was never saved into an article: the cleanup removes it.
/// </summary>
public sealed class AttachmentUpload
{
    public long Id { get; init; }
    public required string Sha256 { get; init; }
    public required string FileName { get; init; }
    public required string UploadedBy { get; init; }
    public required DateTime UploadedAt { get; init; }

    public const int MaxFileNameLength = 255;
}
