using KnowledgeBase.Core.Categories;
using Microsoft.EntityFrameworkCore;

namespace KnowledgeBase.Data.Categories;

/// <summary>
/// The read side of categories for the site's pages: names for facets and badges, the order pickers list them in.
/// Category names are shown to every reader (a customer's facets name them too); changes go through <see cref="CategoryAdministration"/>.
/// </summary>
public sealed class CategoryReads(IDbContextFactory<KnowledgeBaseDbContext> contextFactory)
{
    /// <summary>Every category's name by id.</summary>
    public async Task<Dictionary<string, string>> NamesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Categories.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken);
    }

    /// <summary>Every category in its sort order.</summary>
    public async Task<List<TicketCategory>> InSortOrderAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Categories.AsNoTracking().OrderBy(c => c.SortOrder).ToListAsync(cancellationToken);
    }

    /// <summary>Every category for a picker: each top-level one (in sort order) followed by its children, then any whose parent is missing.</summary>
    public async Task<List<TicketCategory>> ParentsThenChildrenAsync(CancellationToken cancellationToken = default)
    {
        var all = await InSortOrderAsync(cancellationToken);
        var ordered = new List<TicketCategory>(all.Count);
        foreach (var parent in all.Where(c => c.ParentId is null))
        {
            ordered.Add(parent);
            ordered.AddRange(all.Where(c => c.ParentId == parent.Id));
        }
        ordered.AddRange(all.Except(ordered));
        return ordered;
    }
}
