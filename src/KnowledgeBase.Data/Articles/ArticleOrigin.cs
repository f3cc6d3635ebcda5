using KnowledgeBase.Core.Markdown;

namespace KnowledgeBase.Data.Articles;

/// <summary>Where an imported article came from, so a re-import can skip an unchanged file.</summary>
public sealed record ArticleOrigin(string SourcePath, string ContentHash, DateTime? Reviewed, RenderedArticle? Rendered);
