using KnowledgeBase.Core.Reports;
using KnowledgeBase.Data.Owners;

namespace KnowledgeBase.Web.Reports;

/// <summary>An owner key of the reports (a stored owner reference, or <see cref="ReportKeys.None"/>) as people read it.</summary>
public static class OwnerLabels
{
    public static string Of(IReadOnlyDictionary<string, OwnerEntry> entries, string? key) =>
        key == ReportKeys.None ? OwnerDirectory.UnownedName : OwnerDirectory.NameOf(entries, key);
}
