using KnowledgeBase.Core.Articles;

namespace KnowledgeBase.Core.Markdown;

/// <summary>What the Markdown pipeline derives from an article body, once, at save time.</summary>
/// <param name="Html">Sanitized HTML, safe to render as is.</param>
/// <param name="Sections">The KCS sections as Markdown.</param>
/// <param name="FirstHeading">The text of the first level-1 heading, used as a title when none is given.</param>
/// <param name="PlainText">The body as plain text (no markup) for search and the API's text format.</param>
public sealed record RenderedArticle(string Html, ArticleSections Sections, string? FirstHeading, string PlainText);
