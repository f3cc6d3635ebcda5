using KnowledgeBase.Core.Categories;

namespace KnowledgeBase.Data.Categories;

/// <summary>A category in tree order: its depth below a root, how many live articles use it, whether it has children.</summary>
public sealed record CategoryNode(TicketCategory Category, int Depth, int ArticleCount, bool HasChildren)
{
    /// <summary>"Identity &amp; Access › MFA".</summary>
    public required string Path { get; init; }
}
