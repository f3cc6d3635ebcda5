namespace KnowledgeBase.Core.Tickets;

public enum FlagReason
{
    Outdated = 0,
    Incorrect = 1,
    Incomplete = 2,
    Duplicate = 3,
    Other = 4,
}
