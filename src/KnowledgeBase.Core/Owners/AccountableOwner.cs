using KnowledgeBase.Core.Articles;

namespace KnowledgeBase.Core.Owners;

/// <summary>
/// Who is accountable for an article (docs/kcs.md "Ticket categories and owners"): its explicit owner when it names one,
/// else its primary category's owner, else nobody — an unowned article, which the triage owner looks after
/// (<see cref="ReviewScope.IncludesUnowned"/>) and the reports show as "unowned". Every page, report, the API and the
/// search index ask here; the database side of the same rule is one query shape in Data (<c>OwnerQueries</c>).
/// </summary>
public static class AccountableOwner
{
    /// <summary>The stored owner reference accountable for an article, or null when it is unowned.</summary>
    public static string? Of(string? explicitOwner, string? primaryCategoryOwner) =>
        !string.IsNullOrWhiteSpace(explicitOwner) ? explicitOwner
        : !string.IsNullOrWhiteSpace(primaryCategoryOwner) ? primaryCategoryOwner
        : null;

    /// <summary>The same rule for a loaded article and the owners of the categories (category id → stored owner).</summary>
    public static string? Of(Article article, IReadOnlyDictionary<string, string> categoryOwners) =>
        Of(article.Owner, article.PrimaryCategoryId is { } primary ? categoryOwners.GetValueOrDefault(primary) : null);
}
