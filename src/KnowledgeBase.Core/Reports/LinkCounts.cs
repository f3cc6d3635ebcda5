namespace KnowledgeBase.Core.Reports;

/// <summary>
/// The live links of a set of closed tickets: <see cref="Resolved"/> of <see cref="All"/> say the article resolved the
/// ticket. Resolution effectiveness (kcs.md, ours) = resolved ÷ all links; <c>created</c> is not resolved.
/// </summary>
public sealed record LinkCounts(long Resolved, long All)
{
    public static readonly LinkCounts Empty = new(0, 0);

    public double Effectiveness => Rates.Of(Resolved, All);

    public LinkCounts Add(LinkCounts other) => new(Resolved + other.Resolved, All + other.All);
}
