namespace KnowledgeBase.Core.Reports;

/// <summary>
/// The counts behind the reuse rates of one slice value, as SQL aggregates them; the rates follow the definitions of
/// docs/kcs.md ("Metrics") with 0 for an empty denominator.
/// </summary>
public sealed record ReuseCounts(long ClosedTickets, long LinkedTickets, long KnownTickets, long CreatedTickets)
{
    public static readonly ReuseCounts Empty = new(0, 0, 0, 0);

    /// <summary>Closed tickets with ≥ 1 link ÷ closed tickets.</summary>
    public double LinkRate => Rates.Of(LinkedTickets, ClosedTickets);

    /// <summary>Closed tickets linked to an article that existed before the ticket opened ÷ closed tickets with ≥ 1 link.</summary>
    public double ReuseRate => Rates.Of(KnownTickets, LinkedTickets);

    /// <summary>Closed tickets with a <c>created</c> link ÷ closed tickets with ≥ 1 link.</summary>
    public double CreateRate => Rates.Of(CreatedTickets, LinkedTickets);

    public ReuseCounts Add(ReuseCounts other) => new(ClosedTickets + other.ClosedTickets, LinkedTickets + other.LinkedTickets,
        KnownTickets + other.KnownTickets, CreatedTickets + other.CreatedTickets);
}
