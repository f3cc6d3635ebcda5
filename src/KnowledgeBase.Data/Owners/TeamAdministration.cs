using KnowledgeBase.Core.Audit;
using KnowledgeBase.Core.Owners;
using KnowledgeBase.Data.Audit;
using Microsoft.EntityFrameworkCore;

namespace KnowledgeBase.Data.Owners;

/// <summary>
/// Teams: named groups of accounts that own categories and articles (managed by Knowledge Domain Experts and Admins on
/// the Teams page). Each change is audited. Each method returns null when done, else what is wrong, for the page to show.
/// </summary>
public sealed class TeamAdministration(IDbContextFactory<KnowledgeBaseDbContext> contextFactory, OwnerDirectory owners, AuditLog audit, TimeProvider clock)
{
    public async Task<IReadOnlyList<TeamView>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var teams = await db.Teams.AsNoTracking().Include(t => t.Members).OrderBy(t => t.Name).ToListAsync(cancellationToken);
        var refs = teams.Select(t => t.Ref.ToString()).ToList();
        var categories = await db.Categories.AsNoTracking().Where(c => refs.Contains(c.Owner)).GroupBy(c => c.Owner)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var articles = await db.Articles.AsNoTracking().Where(a => a.DeletedAt == null && a.Owner != null && refs.Contains(a.Owner)).GroupBy(a => a.Owner!)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var entries = await owners.EntriesAsync(cancellationToken);
        return teams.Select(t =>
        {
            var key = t.Ref.ToString();
            var members = t.Members.Select(m => entries.GetValueOrDefault(OwnerRef.User(m.UserId).ToString()))
                .OfType<OwnerEntry>().OrderBy(m => m.Name, StringComparer.OrdinalIgnoreCase).ToList();
            return new TeamView(t.Id, key, t.Name, t.Description, members, categories.GetValueOrDefault(key), articles.GetValueOrDefault(key));
        }).ToList();
    }

    public async Task<(int? Id, string? Error)> CreateAsync(string actor, string? name, string? description, CancellationToken cancellationToken = default)
    {
        if (Validate(name, description) is { } error) return (null, error);
        var trimmed = name!.Trim();
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (await ClashAsync(db, trimmed, null, cancellationToken) is { } clash) return (null, clash);
        var team = new Team { Name = trimmed, NormalizedName = Team.Normalize(trimmed), Description = description?.Trim() ?? "", CreatedAt = clock.GetUtcNow().UtcDateTime };
        db.Teams.Add(team);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return (null, $"A team called '{trimmed}' already exists.");
        }
        owners.Invalidate();
        await audit.RecordAsync(actor, AuditActions.TeamCreated, trimmed, team.Description, cancellationToken: cancellationToken);
        return (team.Id, null);
    }

    public async Task<string?> UpdateAsync(string actor, int id, string? name, string? description, CancellationToken cancellationToken = default)
    {
        if (Validate(name, description) is { } error) return error;
        var trimmed = name!.Trim();
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var team = await db.Teams.FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (team is null) return "That team no longer exists.";
        if (await ClashAsync(db, trimmed, id, cancellationToken) is { } clash) return clash;
        var changes = new List<string>();
        if (team.Name != trimmed) changes.Add($"name: {team.Name} → {trimmed}");
        if (team.Description != (description?.Trim() ?? "")) changes.Add("description");
        if (changes.Count == 0) return null;
        team.Name = trimmed;
        team.NormalizedName = Team.Normalize(trimmed);
        team.Description = description?.Trim() ?? "";
        await db.SaveChangesAsync(cancellationToken);
        owners.Invalidate();
        await audit.RecordAsync(actor, AuditActions.TeamChanged, trimmed, string.Join("; ", changes), cancellationToken: cancellationToken);
        return null;
    }

    /// <summary>Adds the internal, enabled account named by e-mail or user name.</summary>
    public async Task<string?> AddMemberAsync(string actor, int id, string? member, CancellationToken cancellationToken = default)
    {
        var resolved = await owners.ResolveAsync(member, cancellationToken);
        if (resolved.Owner is not { Kind: OwnerKind.User } user)
            return resolved.Error ?? $"'{member?.Trim()}' is a team; add people to a team by their e-mail.";
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var team = await db.Teams.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (team is null) return "That team no longer exists.";
        var userId = OwnerRef.Parse(user.Ref)!.Value.Key;
        if (await db.TeamMembers.AnyAsync(m => m.TeamId == id && m.UserId == userId, cancellationToken)) return $"{user.Name} is already in {team.Name}.";
        db.TeamMembers.Add(new TeamMember { TeamId = id, UserId = userId });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return $"{user.Name} is already in {team.Name}.";
        }
        owners.Invalidate();
        await audit.RecordAsync(actor, AuditActions.TeamMemberAdded, team.Name, user.InputName, cancellationToken: cancellationToken);
        return null;
    }

    public async Task<string?> RemoveMemberAsync(string actor, int id, string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var team = await db.Teams.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (team is null) return "That team no longer exists.";
        var removed = await db.TeamMembers.Where(m => m.TeamId == id && m.UserId == userId).ExecuteDeleteAsync(cancellationToken);
        if (removed == 0) return "That person is not in the team.";
        var who = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.Email).FirstOrDefaultAsync(cancellationToken) ?? userId;
        owners.Invalidate();
        await audit.RecordAsync(actor, AuditActions.TeamMemberRemoved, team.Name, who, cancellationToken: cancellationToken);
        return null;
    }

    /// <summary>Deletes a team that owns nothing (its categories and articles would otherwise lose their owner).</summary>
    public async Task<string?> DeleteAsync(string actor, int id, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var team = await db.Teams.FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (team is null) return "That team no longer exists.";
        var key = team.Ref.ToString();
        var categories = await db.Categories.CountAsync(c => c.Owner == key, cancellationToken);
        var articles = await db.Articles.CountAsync(a => a.Owner == key && a.DeletedAt == null, cancellationToken);
        if (categories + articles > 0)
            return $"{team.Name} owns {categories} categor{(categories == 1 ? "y" : "ies")} and {articles} article{(articles == 1 ? "" : "s")} directly: give them another owner first.";
        if (await OwnerDirectory.TriageOwnerAsync(db, cancellationToken) == key)
            return $"{team.Name} triages the unowned articles: choose another triage owner first.";
        db.Teams.Remove(team);
        await db.SaveChangesAsync(cancellationToken);
        owners.Invalidate();
        await audit.RecordAsync(actor, AuditActions.TeamDeleted, team.Name, cancellationToken: cancellationToken);
        return null;
    }

    private static string? Validate(string? name, string? description)
    {
        var trimmed = name?.Trim() ?? "";
        if (trimmed.Length == 0 || trimmed.Length > Team.MaxNameLength) return $"A team's name is required, at most {Team.MaxNameLength} characters.";
        if (trimmed.StartsWith(OwnerRef.UserPrefix, StringComparison.Ordinal) || trimmed.StartsWith(OwnerRef.TeamPrefix, StringComparison.Ordinal) || trimmed.Contains('@'))
            return "A team's name cannot look like an e-mail or start with 'user:' or 'team:'.";
        if (description is { Length: > Team.MaxDescriptionLength }) return $"The description must be at most {Team.MaxDescriptionLength} characters.";
        return null;
    }

    /// <summary>A team name must not be another team's, nor a user name, so an owner typed as text always means one thing.</summary>
    private static async Task<string?> ClashAsync(KnowledgeBaseDbContext db, string name, int? self, CancellationToken cancellationToken)
    {
        var normalized = Team.Normalize(name);
        if (await db.Teams.AnyAsync(t => t.NormalizedName == normalized && t.Id != self, cancellationToken)) return $"A team called '{name}' already exists.";
        if (await db.Users.AnyAsync(u => u.NormalizedUserName == normalized, cancellationToken)) return $"'{name}' is a user's name; choose another name for the team.";
        return null;
    }
}
