namespace KnowledgeBase.Core.Reports;

/// <summary>The stale-documentation rules of docs/kcs.md; the first four apply to Not Validated and Validated articles, the last to WIP.</summary>
public enum StaleRule
{
    ReviewDue = 0,
    Unused = 1,
    Flagged = 2,
    LowEffectiveness = 3,
    AbandonedWip = 4,
}
