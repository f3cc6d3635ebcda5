using KnowledgeBase.Core.Articles;

namespace KnowledgeBase.Core.Lifecycle;

/// <summary>What the lifecycle rules need to know about an existing article.</summary>
public sealed record ArticleFacts(KcsState State, Audience Audience, string CreatedBy, KcsRole LastAuthorRole)
{
    public static ArticleFacts Of(Article article) =>
        new(article.State, article.Audience, article.CreatedBy, article.LastAuthorRole);
}
