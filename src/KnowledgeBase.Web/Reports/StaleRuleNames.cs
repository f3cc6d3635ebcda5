using KnowledgeBase.Core.Reports;

namespace KnowledgeBase.Web.Reports;

/// <summary>The stale rules of docs/kcs.md in words, and their keys in URLs and CSV files.</summary>
public static class StaleRuleNames
{
    public static string Display(StaleRule rule) => rule switch
    {
        StaleRule.ReviewDue => "Review due",
        StaleRule.Unused => "Unused",
        StaleRule.Flagged => "Flagged",
        StaleRule.LowEffectiveness => "Low effectiveness",
        StaleRule.AbandonedWip => "Abandoned WIP",
        _ => rule.ToString(),
    };

    public static string Explain(StaleRule rule) => rule switch
    {
        StaleRule.ReviewDue => "last review + the category's review interval has passed",
        StaleRule.Unused => "no link for the unused period",
        StaleRule.Flagged => "an open flag older than the flag age",
        StaleRule.LowEffectiveness => "linked often, rarely resolving",
        StaleRule.AbandonedWip => "a WIP article left too long",
        _ => "",
    };

    /// <summary>"review-due".</summary>
    public static string Key(StaleRule rule) => rule switch
    {
        StaleRule.ReviewDue => "review-due",
        StaleRule.Unused => "unused",
        StaleRule.Flagged => "flagged",
        StaleRule.LowEffectiveness => "low-effectiveness",
        StaleRule.AbandonedWip => "abandoned-wip",
        _ => rule.ToString().ToLowerInvariant(),
    };

    public static StaleRule? Parse(string? key) =>
        Enum.GetValues<StaleRule>().Cast<StaleRule?>().FirstOrDefault(r => string.Equals(Key(r!.Value), key, StringComparison.OrdinalIgnoreCase));
}
