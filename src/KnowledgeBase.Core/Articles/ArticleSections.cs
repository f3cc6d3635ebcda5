namespace KnowledgeBase.Core.Articles;

/// <summary>The KCS content standard's sections, as Markdown text extracted from the article body.</summary>
public sealed record ArticleSections(string Issue, string Environment, string Resolution, string Cause)
{
    public static readonly ArticleSections Empty = new("", "", "", "");
}
