using KnowledgeBase.Core.Audit;
using KnowledgeBase.Core.Changes;
using KnowledgeBase.Core.Owners;
using KnowledgeBase.Data.Settings;
using Microsoft.EntityFrameworkCore;

namespace KnowledgeBase.Data.Owners;

/// <summary>
/// The Admin's one place for owners nobody holds: an unclaimed name is given to an account or a team in one action
/// (every category and article it owned, one transaction, the search index told through the change log), and the
/// triage owner — who looks after articles without an owner or a category — is chosen. Audited.
/// </summary>
public sealed class OwnerAssignments(IDbContextFactory<KnowledgeBaseDbContext> contextFactory, OwnerDirectory owners, TimeProvider clock, ChangeSignal? changeSignal = null)
{
    /// <summary>Gives everything <paramref name="unclaimedName"/> owns to the account or team <paramref name="target"/> names.</summary>
    /// <returns>What was done, or the reason nothing was.</returns>
    public async Task<(bool Done, string Message)> AssignUnclaimedAsync(string actor, string unclaimedName, string? target, CancellationToken cancellationToken = default)
    {
        if (OwnerRef.Parse(unclaimedName) is not { Kind: OwnerKind.Unclaimed } unclaimed) return (false, "Only an unclaimed owner's name can be assigned here.");
        var resolved = await owners.ResolveAsync(target, cancellationToken);
        if (resolved.Owner is not { } owner) return (false, resolved.Error!);
        var name = unclaimed.ToString();
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var categoryIds = await db.Categories.Where(c => c.Owner == name).Select(c => c.Id).ToListAsync(cancellationToken);
        var articles = db.Articles.Where(a => a.Owner == name && a.DeletedAt == null);
        var changed = await OwnerChangeLog.AddAsync(db, articles, actor, now, cancellationToken)
                      + await OwnerChangeLog.AddForCategoriesAsync(db, categoryIds, actor, now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await db.Categories.Where(c => c.Owner == name).ExecuteUpdateAsync(s => s.SetProperty(c => c.Owner, owner.Ref), cancellationToken);
        // Deleted articles too: their history keeps the owner they had, now as the account it meant.
        var explicitArticles = await db.Articles.Where(a => a.Owner == name).ExecuteUpdateAsync(s => s.SetProperty(a => a.Owner, owner.Ref), cancellationToken);
        var triage = await db.SiteSettings.FirstOrDefaultAsync(s => s.Key == SiteSettingKeys.TriageOwner && s.Value == name, cancellationToken);
        if (triage is not null)
        {
            triage.Value = owner.Ref;
            triage.UpdatedAt = now;
            triage.UpdatedBy = actor;
        }
        db.AuditTrail.Add(Core.Audit.AuditEntry.Create(now, actor, AuditActions.OwnerAssigned, name,
            $"→ {owner.Name} ({owner.Detail}): {categoryIds.Count} categories, {explicitArticles} articles owned by name, {changed} articles re-indexed"));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        changeSignal?.Notify();
        return (true, $"{name} is now {owner.Name}: {categoryIds.Count} categor{(categoryIds.Count == 1 ? "y" : "ies")} and {explicitArticles} article{(explicitArticles == 1 ? "" : "s")} owned by name moved.");
    }

    /// <summary>Chooses who triages unowned articles (blank: nobody).</summary>
    public async Task<(bool Done, string Message)> SetTriageOwnerAsync(string actor, string? target, CancellationToken cancellationToken = default)
    {
        OwnerEntry? owner = null;
        if (!string.IsNullOrWhiteSpace(target))
        {
            var resolved = await owners.ResolveAsync(target, cancellationToken);
            if (resolved.Owner is null) return (false, resolved.Error!);
            owner = resolved.Owner;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var setting = await db.SiteSettings.FirstOrDefaultAsync(s => s.Key == SiteSettingKeys.TriageOwner, cancellationToken);
        if (owner is null)
        {
            if (setting is not null) db.SiteSettings.Remove(setting);
        }
        else if (setting is null)
        {
            db.SiteSettings.Add(new SiteSetting { Key = SiteSettingKeys.TriageOwner, Value = owner.Ref, UpdatedAt = now, UpdatedBy = actor });
        }
        else
        {
            setting.Value = owner.Ref;
            setting.UpdatedAt = now;
            setting.UpdatedBy = actor;
        }
        db.AuditTrail.Add(Core.Audit.AuditEntry.Create(now, actor, AuditActions.TriageOwnerSet, "triage",
            owner is null ? "nobody" : $"{owner.Name} ({owner.Detail})"));
        await db.SaveChangesAsync(cancellationToken);
        return (true, owner is null ? "Nobody triages unowned articles now." : $"{owner.Name} now triages the articles without an owner or a category.");
    }
}
