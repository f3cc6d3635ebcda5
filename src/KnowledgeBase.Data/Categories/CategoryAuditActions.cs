namespace KnowledgeBase.Data.Categories;

/// <summary>Audit actions of category edits (kept here rather than in Core's list, which the audit page filters by).</summary>
public static class CategoryAuditActions
{
    public const string Created = "category.created";
    public const string Updated = "category.updated";
    public const string Deleted = "category.deleted";
}
