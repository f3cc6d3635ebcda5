namespace KnowledgeBase.Data.Export;

/// <summary>
/// <c>manifest.json</c> of a portable ZIP: the format's name and version (how an import knows to keep bodies exactly),
/// when and what was exported, each article's file and body hash, each file's hash, path, size and type.
/// </summary>
public sealed class ExportManifest
{
    public required string Format { get; init; }
    public required int Version { get; init; }
    public required DateTime ExportedAt { get; init; }
    /// <summary>"knowledge base" or "article".</summary>
    public required string Scope { get; init; }
    public int Categories { get; init; }
    public List<ArticleEntry> Articles { get; init; } = [];
    public List<AttachmentEntry> Attachments { get; init; } = [];

    /// <param name="BodySha256">SHA-256 of the body's UTF-8 bytes, to check a round trip without reading the files.</param>
    public sealed record ArticleEntry(string Id, string Path, int Version, string BodySha256);

    public sealed record AttachmentEntry(string Sha256, string Path, long Length, string MediaType);
}
