namespace KnowledgeBase.Core.Articles;

/// <summary>KCS v6 confidence states.</summary>
public enum KcsState
{
    Wip = 0,
    NotValidated = 1,
    Validated = 2,
    Archived = 3,
}
