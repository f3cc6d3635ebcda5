using Microsoft.EntityFrameworkCore;

namespace KnowledgeBase.Data.Psa;

/// <summary>What the ticket panel shows besides the ledger: article titles and states of its links, its category's name.</summary>
public sealed class PsaPanelReads(IDbContextFactory<KnowledgeBaseDbContext> contextFactory)
{
    public sealed record ArticleHead(string Id, string Title, Core.Articles.KcsState State);

    /// <summary>The live articles among <paramref name="ids"/> (a deleted article's link shows its id).</summary>
    public async Task<IReadOnlyDictionary<string, ArticleHead>> ArticlesAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken = default)
    {
        if (ids.Count == 0) return new Dictionary<string, ArticleHead>();
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Articles.AsNoTracking().Where(a => ids.Contains(a.Id) && a.DeletedAt == null)
            .Select(a => new ArticleHead(a.Id, a.Title, a.State)).ToDictionaryAsync(a => a.Id, cancellationToken);
    }

    public async Task<string?> CategoryNameAsync(string? id, CancellationToken cancellationToken = default)
    {
        if (id is null) return null;
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Categories.AsNoTracking().Where(c => c.Id == id).Select(c => c.Name).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>Categories for the category table's choices: id and name, in the tree's order.</summary>
    public async Task<IReadOnlyList<(string Id, string Name)>> CategoriesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return (await db.Categories.AsNoTracking().OrderBy(c => c.SortOrder).ThenBy(c => c.Name).Select(c => new { c.Id, c.Name }).ToListAsync(cancellationToken))
            .Select(c => (c.Id, c.Name)).ToList();
    }

    /// <summary>The internal accounts a PSA member may be mapped to.</summary>
    public async Task<IReadOnlyList<string>> InternalAccountsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Users.AsNoTracking().Where(u => u.Audience == Core.Articles.Audience.Internal && u.UserName != null)
            .OrderBy(u => u.UserName).Select(u => u.UserName!).Take(2000).ToListAsync(cancellationToken);
    }
}
