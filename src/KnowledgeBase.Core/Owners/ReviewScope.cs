namespace KnowledgeBase.Core.Owners;

/// <summary>
/// Which articles a review queue holds (docs/people.md): those whose accountable owner is one of <see cref="Owners"/>
/// (a person's own reference and their teams'), every article whose primary category lies in <see cref="DomainCategories"/>
/// (a Knowledge Domain Expert's whole domain: the subtrees of the categories they or their teams own), and the unowned
/// articles when <see cref="IncludesUnowned"/> (the triage owner's queue).
/// </summary>
public sealed record ReviewScope(IReadOnlyList<string> Owners, IReadOnlyList<string> DomainCategories, bool IncludesUnowned)
{
    public static ReviewScope Of(string owner) => new([owner], [], false);

    public static ReviewScope Unowned { get; } = new([], [], true);

    public bool IsEmpty => Owners.Count == 0 && DomainCategories.Count == 0 && !IncludesUnowned;

    /// <summary>Whether an article with this accountable owner and primary category is in the scope (the in-memory twin of the query).</summary>
    public bool Holds(string? accountableOwner, string? primaryCategoryId) =>
        (accountableOwner is null ? IncludesUnowned : Owners.Contains(accountableOwner, StringComparer.Ordinal))
        || (primaryCategoryId is not null && DomainCategories.Contains(primaryCategoryId, StringComparer.Ordinal));
}
