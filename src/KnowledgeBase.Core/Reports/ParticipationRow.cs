namespace KnowledgeBase.Core.Reports;

/// <summary>A technician's closed tickets with ≥ 1 link ÷ their closed tickets. A trend and a comparison, not a leaderboard (KCS).</summary>
public sealed record ParticipationRow(string Technician, long ClosedTickets, long LinkedTickets)
{
    public double Participation => Rates.Of(LinkedTickets, ClosedTickets);
}
