namespace KnowledgeBase.Core.Tickets;

/// <summary>What a technician did with an article after searching: opened it, or linked it to a ticket.</summary>
public enum SearchAct
{
    Open = 0,
    Link = 1,
}
