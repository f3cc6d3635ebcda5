namespace KnowledgeBase.Core.Reports;

/// <summary>A content gap: closed tickets of a category that no article helped with.</summary>
public sealed record UnlinkedTickets(string Category, long ClosedTickets, long Unlinked)
{
    public double UnlinkedRate => Rates.Of(Unlinked, ClosedTickets);
}
