namespace KnowledgeBase.Core.Reports;

/// <summary>The thresholds of the stale rules; the defaults are those of docs/kcs.md.</summary>
public sealed record StaleOptions
{
    public static readonly StaleOptions Default = new();

    /// <summary>Unused: older than this many days and no link in as many days (kcs.md: N, default 180).</summary>
    public int UnusedDays { get; init; } = 180;
    /// <summary>Flagged: an open flag older than this many days.</summary>
    public int FlagAgeDays { get; init; } = 14;
    /// <summary>Low effectiveness needs at least this many links in the window…</summary>
    public int LowEffectivenessMinLinks { get; init; } = 5;
    /// <summary>…and resolved ÷ all below this.</summary>
    public double LowEffectivenessThreshold { get; init; } = 0.3;
    /// <summary>"The period" of the low-effectiveness rule: links made in the last this-many days (ours).</summary>
    public int EffectivenessWindowDays { get; init; } = 90;
    /// <summary>A WIP article older than this many days is abandoned.</summary>
    public int AbandonedWipDays { get; init; } = 30;

    public Dictionary<string, string> Validate()
    {
        var errors = new Dictionary<string, string>();
        if (UnusedDays < 1) errors["unusedDays"] = "Must be at least 1.";
        if (FlagAgeDays < 0) errors["flagAgeDays"] = "Must not be negative.";
        if (LowEffectivenessMinLinks < 1) errors["lowEffectivenessMinLinks"] = "Must be at least 1.";
        if (LowEffectivenessThreshold is < 0 or > 1) errors["lowEffectivenessThreshold"] = "Must be between 0 and 1.";
        if (EffectivenessWindowDays < 1) errors["effectivenessWindowDays"] = "Must be at least 1.";
        if (AbandonedWipDays < 0) errors["abandonedWipDays"] = "Must not be negative.";
        return errors;
    }
}
