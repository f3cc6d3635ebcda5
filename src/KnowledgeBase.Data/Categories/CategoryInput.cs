namespace KnowledgeBase.Data.Categories;

/// <summary>A category as the form sends it; <see cref="ParentId"/> empty = a root.</summary>
public sealed record CategoryInput(string Name, string? ParentId, string Owner, int ReviewIntervalDays, string? Description);
