namespace KnowledgeBase.Core.Attachments;

/// <summary>One piece (at most <see cref="AttachmentChunk.Size"/> bytes) of an attachment's content, in order by <see cref="Index"/>.</summary>
public sealed class AttachmentChunk
{
    /// <summary>256 KiB: a request holds one piece in memory at a time, whatever the file's size.</summary>
    public const int Size = 256 * 1024;

    public required string Sha256 { get; init; }
    public required int Index { get; init; }
    public required byte[] Data { get; init; }
}
