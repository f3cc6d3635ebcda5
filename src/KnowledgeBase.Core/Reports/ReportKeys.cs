namespace KnowledgeBase.Core.Reports;

public static class ReportKeys
{
    /// <summary>The key of tickets without a category, client or technician (and of categories without an owner).</summary>
    public const string None = "(none)";
}
