namespace KnowledgeBase.Data.Owners;

/// <summary>A team as the Teams page shows it: members and what it owns.</summary>
public sealed record TeamView(int Id, string Ref, string Name, string Description, IReadOnlyList<OwnerEntry> Members, int Categories, int ExplicitArticles);
