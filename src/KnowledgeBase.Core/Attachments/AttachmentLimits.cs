namespace KnowledgeBase.Core.Attachments;

/// <summary>How large one file, and all the files one article links to, may be (docs/attachments.md).</summary>
public sealed record AttachmentLimits(long MaxFileBytes, long MaxArticleBytes)
{
    public const long DefaultMaxFileBytes = 10L * 1024 * 1024;
    public const long DefaultMaxArticleBytes = 50L * 1024 * 1024;

    public static readonly AttachmentLimits Default = new(DefaultMaxFileBytes, DefaultMaxArticleBytes);

    /// <summary>A size as people read it: "10 MB", "1.5 MB", "850 KB".</summary>
    public static string Describe(long bytes) => bytes switch
    {
        >= 1024 * 1024 => $"{bytes / (1024.0 * 1024):0.#} MB",
        >= 1024 => $"{bytes / 1024.0:0.#} KB",
        _ => $"{bytes} bytes",
    };
}
