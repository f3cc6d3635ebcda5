namespace KnowledgeBase.Core.Attachments;

/// <summary>
/// A stored file, addressed by the SHA-256 of its bytes: the same bytes uploaded twice (or into two articles) are one
/// attachment. The bytes live in <see cref="AttachmentChunk"/> rows so they can be written and served a piece at a time.
/// </summary>
public sealed class Attachment
{
    /// <summary>Lower-case hex SHA-256 of the content (64 characters).</summary>
    public required string Sha256 { get; init; }
    public required long Length { get; init; }
    /// <summary>What the content is, decided by <see cref="FileSniffer"/> from the bytes (never from the name).</summary>
    public required string MediaType { get; init; }
    public required int ChunkCount { get; init; }
    public required DateTime CreatedAt { get; init; }
}
