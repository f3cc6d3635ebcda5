using KnowledgeBase.Core.Markdown;

namespace KnowledgeBase.Data.Articles;

/// <summary>
/// Where an imported article came from, so a re-import can skip an unchanged file; and the dates the old system knew:
/// <paramref name="Created"/> becomes the article's creation time (so a ticket linked to an article that existed before
/// the ticket counts as reuse), <paramref name="Updated"/> a new article's last-change time.
/// </summary>
public sealed record ArticleOrigin(string SourcePath, string ContentHash, DateTime? Reviewed, RenderedArticle? Rendered,
    DateTime? Created = null, DateTime? Updated = null);
