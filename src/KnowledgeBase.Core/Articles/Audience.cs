namespace KnowledgeBase.Core.Articles;

/// <summary>Who may read an article. Only Validated articles may be Customer-facing.</summary>
public enum Audience
{
    Internal = 0,
    Customer = 1,
}
