using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Lifecycle;
using KnowledgeBase.Core.Psa;
using Microsoft.EntityFrameworkCore;

namespace KnowledgeBase.Data.Psa;

/// <summary>Resolves the PSA member a panel link names to who acts (<see cref="PsaMember"/>), and accounts by name, every time (a role changed or an account locked out counts at once).</summary>
public sealed class PsaMembers(IDbContextFactory<KnowledgeBaseDbContext> contextFactory, TimeProvider clock)
{

    /// <summary>The member as an account or the limited technician; null with the reason when the instance refuses it.</summary>
    public async Task<(PsaMember? Member, string? Refusal)> ResolveAsync(PsaInstance instance, string member, CancellationToken cancellationToken = default)
    {
        var normalized = member.Trim().ToLowerInvariant();
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var mapped = await db.PsaMemberMappings.AsNoTracking().Where(m => m.InstanceId == instance.Id && m.Member == normalized).Select(m => m.UserName).FirstOrDefaultAsync(cancellationToken);
        if (mapped is not null)
        {
            var (account, refusal) = await AccountAsync(mapped, cancellationToken);
            return account is null ? (null, $"The member {member} is mapped to {mapped}: {refusal}") : (account with { Member = normalized }, null);
        }
        if (instance.MatchMembersByEmail && normalized.Contains('@', StringComparison.Ordinal))
        {
            var email = normalized.ToUpperInvariant();
            var user = await db.Users.AsNoTracking().Where(u => u.NormalizedEmail == email).Select(u => u.UserName).FirstOrDefaultAsync(cancellationToken);
            if (user is not null)
            {
                var (account, refusal) = await AccountAsync(user, cancellationToken);
                return account is null ? (null, $"{member} is the account {user}: {refusal}") : (account with { Member = normalized }, null);
            }
        }
        if (instance.UnmappedMembers == UnmappedMembers.Refuse)
            return (null, $"The member {member} is not mapped to a knowledge-base account, and this PSA instance only lets mapped members in. An Admin maps members on the instance's settings page.");
        var name = ActorNames.PsaMember(instance.Slug, normalized);
        return (new PsaMember(new Actor(name.Length <= 256 ? name : name[..256], KcsRole.Candidate), normalized, member.Trim(), IsAccount: false), null);
    }

    /// <summary>An internal account that may act now, or why not.</summary>
    public async Task<(PsaMember? Member, string? Refusal)> AccountAsync(string userName, CancellationToken cancellationToken = default)
    {
        var normalized = userName.Trim().ToUpperInvariant();
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.NormalizedUserName == normalized, cancellationToken);
        if (user is null) return (null, "that account does not exist.");
        if (user.Audience != Audience.Internal) return (null, "a customer-audience account does not use the service desk's panel.");
        if (user.LockoutEnd is { } end && end > clock.GetUtcNow()) return (null, "that account is locked out.");
        if (user.IsDisabled) return (null, "that account is disabled (an Admin enables it again on the users page).");
        var display = string.IsNullOrWhiteSpace(user.DisplayName) ? user.UserName! : user.DisplayName;
        return (new PsaMember(new Actor(user.UserName!, user.Role), user.UserName!.ToLowerInvariant(), display, IsAccount: true), null);
    }
}
