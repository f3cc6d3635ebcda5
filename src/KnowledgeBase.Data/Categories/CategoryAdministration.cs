using System.Text.RegularExpressions;
using KnowledgeBase.Core.Categories;
using KnowledgeBase.Core.Changes;
using KnowledgeBase.Data.Audit;
using KnowledgeBase.Data.Owners;
using Microsoft.EntityFrameworkCore;

namespace KnowledgeBase.Data.Categories;

/// <summary>
/// Edits the category tree (workflows) and audits each change. An owner is an account or a team, typed as a user's
/// e-mail or user name or a team's name (<see cref="OwnerDirectory.ResolveAsync(string?, CancellationToken)"/>); reports
/// and review queues compute ownership at query time, so changing a category's owner moves its queue and its history at
/// once, and the change log tells every node's search index in the same transaction. Each method returns null when
/// done, else what is wrong, for the page to show.
/// </summary>
public sealed partial class CategoryAdministration(IDbContextFactory<KnowledgeBaseDbContext> contextFactory, AuditLog audit, OwnerDirectory owners,
    TimeProvider clock, ChangeSignal? changeSignal = null)
{
    public const int MaxIdLength = 64;
    public const int MaxNameLength = 200;
    public const int MaxOwnerLength = OwnerDirectory.MaxTypedLength;
    public const int MaxDescriptionLength = 2000;
    public const int MaxReviewIntervalDays = 3650;

    /// <summary>The tree, depth first, siblings by sort order then name, with live article counts.</summary>
    public async Task<IReadOnlyList<CategoryNode>> TreeAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var categories = await db.Categories.AsNoTracking().ToListAsync(cancellationToken);
        var counts = await db.ArticleCategories
            .Where(ac => db.Articles.Any(a => a.Id == ac.ArticleId && a.DeletedAt == null))
            .GroupBy(ac => ac.CategoryId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        return Flatten(categories, counts);
    }

    public static IReadOnlyList<CategoryNode> Flatten(IReadOnlyCollection<TicketCategory> categories, IReadOnlyDictionary<string, int> counts)
    {
        var ids = categories.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        var children = categories.ToLookup(c => c.ParentId is { } p && ids.Contains(p) ? p : null);
        var nodes = new List<CategoryNode>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Visit(string? parentId, int depth, string prefix)
        {
            foreach (var c in children[parentId].OrderBy(c => c.SortOrder).ThenBy(c => c.Name, StringComparer.OrdinalIgnoreCase))
            {
                if (!seen.Add(c.Id)) continue;
                var path = prefix.Length == 0 ? c.Name : $"{prefix} › {c.Name}";
                nodes.Add(new CategoryNode(c, depth, counts.GetValueOrDefault(c.Id), children[c.Id].Any()) { Path = path });
                Visit(c.Id, depth + 1, path);
            }
        }
        Visit(null, 0, "");
        return nodes;
    }

    public async Task<string?> CreateAsync(string actor, string? id, CategoryInput input, CancellationToken cancellationToken = default)
    {
        var newId = string.IsNullOrWhiteSpace(id) ? Slug(input.Name) : id.Trim().ToLowerInvariant();
        if (!IdPattern().IsMatch(newId)) return $"The id must be 1–{MaxIdLength} lower-case letters, digits and dashes.";
        if (Validate(input) is { } error) return error;
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (await db.Categories.AnyAsync(c => c.Id == newId, cancellationToken)) return $"A category with the id '{newId}' already exists.";
        var parentId = NullIfBlank(input.ParentId);
        var parentOwner = parentId is null ? null : await db.Categories.Where(c => c.Id == parentId).Select(c => c.Owner).FirstOrDefaultAsync(cancellationToken);
        if (parentId is not null && parentOwner is null) return $"The parent '{parentId}' does not exist.";
        // A subcategory may keep its parent's owner even while that is an unclaimed name.
        if (await OwnerOfAsync(input.Owner, parentOwner, cancellationToken) is not { } owner) return (await owners.ResolveAsync(input.Owner, cancellationToken)).Error;
        var sortOrder = await db.Categories.Where(c => c.ParentId == parentId).MaxAsync(c => (int?)c.SortOrder, cancellationToken) ?? -1;
        db.Categories.Add(new TicketCategory
        {
            Id = newId, Name = input.Name.Trim(), ParentId = parentId, Owner = owner.Ref, ReviewIntervalDays = input.ReviewIntervalDays,
            Description = input.Description?.Trim() ?? "", SortOrder = sortOrder + 1,
        });
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(actor, CategoryAuditActions.Created, newId,
            $"'{input.Name.Trim()}' under {parentId ?? "(root)"}, owner {owner.Name} ({owner.InputName}), review every {input.ReviewIntervalDays} days", cancellationToken: cancellationToken);
        return null;
    }

    public async Task<string?> UpdateAsync(string actor, string id, CategoryInput input, CancellationToken cancellationToken = default)
    {
        if (Validate(input) is { } error) return error;
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var category = await db.Categories.FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (category is null) return $"The category '{id}' does not exist.";
        if (await OwnerOfAsync(input.Owner, category.Owner, cancellationToken) is not { } owner) return (await owners.ResolveAsync(input.Owner, cancellationToken)).Error;
        var parentId = NullIfBlank(input.ParentId);
        if (parentId is not null)
        {
            var parents = await db.Categories.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.ParentId, cancellationToken);
            if (!parents.ContainsKey(parentId)) return $"The parent '{parentId}' does not exist.";
            // Walk up from the new parent: meeting this category means it would become its own ancestor.
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var at = parentId; at is not null && seen.Add(at); at = parents.GetValueOrDefault(at))
            {
                if (at == id) return $"'{category.Name}' cannot move under itself or one of its own subcategories.";
            }
        }

        var changes = new List<string>();
        void Note(string what, string? before, string? after)
        {
            if (!string.Equals(before, after, StringComparison.Ordinal)) changes.Add($"{what}: {before ?? "(root)"} → {after ?? "(root)"}");
        }
        Note("name", category.Name, input.Name.Trim());
        Note("parent", category.ParentId, parentId);
        var entries = await owners.EntriesAsync(cancellationToken);
        if (category.Owner != owner.Ref) changes.Add($"owner: {OwnerDirectory.NameOf(entries, category.Owner)} → {owner.Name} ({owner.InputName})");
        Note("review interval", category.ReviewIntervalDays.ToString(System.Globalization.CultureInfo.InvariantCulture),
            input.ReviewIntervalDays.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Note("description", category.Description, input.Description?.Trim() ?? "");
        if (changes.Count == 0) return null;

        var reowned = category.Owner != owner.Ref;
        var reinterval = category.ReviewIntervalDays != input.ReviewIntervalDays;
        category.Name = input.Name.Trim();
        category.ParentId = parentId;
        category.Owner = owner.Ref;
        category.ReviewIntervalDays = input.ReviewIntervalDays;
        category.Description = input.Description?.Trim() ?? "";
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            // The owner is in every node's search index (the owner facet and filter): the change log tells them, in the
            // same transaction, which articles follow this category's owner.
            if (reowned) await OwnerChangeLog.AddForCategoriesAsync(db, [id], actor, clock.GetUtcNow().UtcDateTime, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            // The article page shows each article's stored review-due date: the new interval moves it at once.
            if (reinterval) await ReviewDueRefresh.ForCategoryAsync(db, id, input.ReviewIntervalDays, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        if (reowned) changeSignal?.Notify();
        await audit.RecordAsync(actor, CategoryAuditActions.Updated, id, string.Join("; ", changes), cancellationToken: cancellationToken);
        return null;
    }

    /// <summary>Deletes a category no article uses (deleted articles included: their history keeps it) and with no subcategories.</summary>
    public async Task<string?> DeleteAsync(string actor, string id, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var category = await db.Categories.FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (category is null) return $"The category '{id}' does not exist.";
        var used = await db.ArticleCategories.CountAsync(ac => ac.CategoryId == id, cancellationToken);
        if (used > 0) return $"'{category.Name}' is used by {used} article{(used == 1 ? "" : "s")}: move them to another category first.";
        if (await db.Categories.AnyAsync(c => c.ParentId == id, cancellationToken)) return $"'{category.Name}' has subcategories: move or delete them first.";
        db.Categories.Remove(category);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // An article took the category between the check and the delete: the foreign key refused.
            return $"'{category.Name}' is in use and was not deleted.";
        }
        // Its tickets keep their history under "(none)" (the foreign key sets their category to null).
        await audit.RecordAsync(actor, CategoryAuditActions.Deleted, id, $"'{category.Name}', owner {await owners.NameOfAsync(category.Owner, cancellationToken)}", cancellationToken: cancellationToken);
        return null;
    }

    private static string? Validate(CategoryInput input)
    {
        if (string.IsNullOrWhiteSpace(input.Name) || input.Name.Trim().Length > MaxNameLength) return $"The name is required, at most {MaxNameLength} characters.";
        if (string.IsNullOrWhiteSpace(input.Owner) || input.Owner.Trim().Length > MaxOwnerLength) return $"The owner is required: a user's e-mail or user name, or a team's name (at most {MaxOwnerLength} characters).";
        if (input.ReviewIntervalDays is < 1 or > MaxReviewIntervalDays) return $"The review interval must be 1–{MaxReviewIntervalDays} days.";
        if (input.Description is { Length: > MaxDescriptionLength }) return $"The description must be at most {MaxDescriptionLength} characters.";
        return null;
    }

    /// <summary>
    /// The owner a form names: the current owner when it is named again as stored (an unclaimed name stays until an
    /// Admin assigns it), else the account or team the text resolves to; null when it resolves to nothing.
    /// </summary>
    private async Task<OwnerEntry?> OwnerOfAsync(string typed, string? current, CancellationToken cancellationToken)
    {
        var text = typed.Trim();
        var entries = await owners.EntriesAsync(cancellationToken);
        if (current is not null && (text == current || (entries.TryGetValue(current, out var same) && string.Equals(same.InputName, text, StringComparison.OrdinalIgnoreCase))))
            return entries.GetValueOrDefault(current) ?? new OwnerEntry(current, Core.Owners.OwnerKind.Unclaimed, current, "unclaimed", current);
        return (await owners.ResolveAsync(text, cancellationToken)).Owner;
    }

    public static string Slug(string name)
    {
        var slug = NonSlug().Replace(name.Trim().ToLowerInvariant(), "-").Trim('-');
        return slug.Length > MaxIdLength ? slug[..MaxIdLength].TrimEnd('-') : slug;
    }

    private static string? NullIfBlank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NonSlug();
}
