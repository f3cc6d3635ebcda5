using KnowledgeBase.Core.Attachments;

namespace KnowledgeBase.Web.Attachments;

/// <summary>The <c>Attachments</c> settings (docs/attachments.md).</summary>
public sealed class AttachmentOptions
{
    /// <summary>The largest one file may be, in bytes (default 10 MB).</summary>
    public long MaxFileBytes { get; set; } = AttachmentLimits.DefaultMaxFileBytes;

    /// <summary>The most all the files one article links to may add up to, in bytes (default 50 MB).</summary>
    public long MaxArticleBytes { get; set; } = AttachmentLimits.DefaultMaxArticleBytes;

    /// <summary>How long an upload never saved into an article is kept (default one day).</summary>
    public TimeSpan OrphanAge { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How often the cleanup looks for such uploads (default hourly).</summary>
    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromHours(1);

    public AttachmentLimits Limits => new(MaxFileBytes, MaxArticleBytes);
}
