namespace KnowledgeBase.Core.Tickets;

public enum TicketStatus
{
    Open = 0,
    Closed = 1,
}
