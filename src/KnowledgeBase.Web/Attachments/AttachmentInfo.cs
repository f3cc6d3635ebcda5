using KnowledgeBase.Data.Attachments;

namespace KnowledgeBase.Web.Attachments;

/// <summary>An attachment as the upload answer and the API's list describe it.</summary>
/// <param name="Url">The site's address of the file (what the Markdown links to).</param>
/// <param name="Markdown">What to put in an article to show the image or link the file.</param>
public sealed record AttachmentInfo(string Sha256, string FileName, string MediaType, long Length, bool IsImage, string Url, string Markdown)
{
    public static AttachmentInfo Of(StoredAttachment file) =>
        new(file.Sha256, file.FileName, file.Kind.MediaType, file.Length, file.Kind.IsInlineImage, file.Url, file.Markdown);
}
