using KnowledgeBase.Core.Attachments;

namespace KnowledgeBase.Data.Attachments;

/// <summary>An attachment as the site and the API describe it: what it is, and the name it is linked and downloaded under.</summary>
public sealed record StoredAttachment(string Sha256, long Length, FileKind Kind, string FileName)
{
    public string Url => AttachmentLinks.Url(Sha256, FileName);

    public string Markdown => AttachmentLinks.Markdown(Sha256, FileName, Kind);
}
