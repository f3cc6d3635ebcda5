namespace KnowledgeBase.Core.Reports;

/// <summary>Which tickets a drill-down lists: the ones behind each number of a <see cref="ReuseRow"/>.</summary>
public enum TicketMeasure
{
    Closed = 0,
    Linked = 1,
    Unlinked = 2,
    Known = 3,
    Created = 4,
}
