namespace KnowledgeBase.Data.Reports;

/// <summary>
/// A closed ticket as every reuse report sees it; a query shape, never materialized for many rows: the reports group
/// and count it in SQL.
/// </summary>
internal sealed class ClosedTicketFacts
{
    public long Id { get; init; }
    public DateTime OpenedAt { get; init; }
    public DateTime ClosedAt { get; init; }
    public string? CategoryId { get; init; }
    /// <summary>The owner of the ticket's category now.</summary>
    public string? Owner { get; init; }
    public string? Client { get; init; }
    public string? Technician { get; init; }
    public bool Linked { get; init; }
    public bool Known { get; init; }
    public bool Created { get; init; }
}
