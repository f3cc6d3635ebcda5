using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Audit;
using KnowledgeBase.Core.Lifecycle;
using KnowledgeBase.Data.Audit;
using KnowledgeBase.Data.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace KnowledgeBase.Web.Identity;

/// <summary>Creating users, changing roles and unlocking: shared by the setup page, the admin page and the command line.</summary>
public sealed class UserAdministration(UserManager<KbUser> users, AuditLog audit, TimeProvider clock, KnowledgeBase.Data.KnowledgeBaseDbContext db,
    KnowledgeBase.Data.Owners.OwnerDirectory owners)
{
    public const string AlreadySetUp = "This knowledge base already has users: sign in, or ask its Admin for an account.";

    public Task<bool> AnyUsersAsync() => users.Users.AnyAsync();

    /// <summary>
    /// The first Admin (the setup page), only while there are no users at all. The check and the insert are one
    /// serializable transaction on the context Identity writes through, so of concurrent setups — on one node or several
    /// — exactly one creates an Admin: SQLite serializes the write transactions (BEGIN IMMEDIATE), PostgreSQL aborts the
    /// later one with a serialization failure (40001), which is answered as "already set up".
    /// </summary>
    /// <returns>Null on success, else what is wrong (<see cref="AlreadySetUp"/>, the password rules…).</returns>
    public async Task<string?> CreateFirstAdminAsync(string email, string password)
    {
        email = email.Trim();
        if (!System.Net.Mail.MailAddress.TryCreate(email, out _)) return $"'{email}' is not an email address.";
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(System.Data.IsolationLevel.Serializable);
            if (await users.Users.AnyAsync()) return AlreadySetUp;
            var user = new KbUser
            {
                UserName = email, Email = email, EmailConfirmed = true, Role = KcsRole.Admin, Audience = Audience.Internal, DisplayName = email,
                CreatedAt = clock.GetUtcNow().UtcDateTime,
            };
            var result = await users.CreateAsync(user, password);
            if (!result.Succeeded) return string.Join(" ", result.Errors.Select(e => e.Description));
            await transaction.CommitAsync();
        }
        catch (Exception ex) when (KnowledgeBase.Data.DatabaseFailures.IsSerializationFailure(ex))
        {
            db.ChangeTracker.Clear();
            return AlreadySetUp;
        }
        await audit.RecordAsync("setup", AuditActions.UserCreated, email, $"{KcsRole.Admin.Display()}, {Audience.Internal.Display()} (first user)");
        return null;
    }

    public Task<List<KbUser>> ListAsync() => users.Users.OrderBy(u => u.UserName).ToListAsync();

    /// <returns>Null on success, else what is wrong (password rules, duplicate email…).</returns>
    public async Task<string?> CreateAsync(string actor, string email, string password, KcsRole role, Audience audience = Audience.Internal, string displayName = "")
    {
        email = email.Trim();
        if (!System.Net.Mail.MailAddress.TryCreate(email, out _)) return $"'{email}' is not an email address.";
        if (!Enum.IsDefined(role)) return "Unknown role.";
        var user = new KbUser
        {
            UserName = email, Email = email, EmailConfirmed = true, Role = role, Audience = audience,
            DisplayName = string.IsNullOrWhiteSpace(displayName) ? email : displayName.Trim(), CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        var result = await users.CreateAsync(user, password);
        if (!result.Succeeded) return string.Join(" ", result.Errors.Select(e => e.Description));
        owners.Invalidate();
        await audit.RecordAsync(actor, AuditActions.UserCreated, email, $"{role.Display()}, {audience.Display()}");
        return null;
    }

    public async Task<string?> SetRoleAsync(string actor, string email, KcsRole role, Audience? audience = null)
    {
        var user = await users.FindByEmailAsync(email.Trim());
        if (user is null) return $"No user with email '{email}'.";
        if (!Enum.IsDefined(role)) return "Unknown role.";
        if (user.Role == KcsRole.Admin && role != KcsRole.Admin && await users.Users.CountAsync(u => u.Role == KcsRole.Admin) == 1)
            return "This is the last Admin: make someone else Admin first.";
        var before = $"{user.Role.Display()}, {user.Audience.Display()}";
        user.Role = role;
        if (audience is { } a) user.Audience = a;
        var result = await users.UpdateAsync(user);
        if (!result.Succeeded) return string.Join(" ", result.Errors.Select(e => e.Description));
        // New claims take effect at the user's next request validation; the stamp change signs them in again.
        await users.UpdateSecurityStampAsync(user);
        owners.Invalidate();
        await audit.RecordAsync(actor, AuditActions.RoleChanged, user.UserName ?? email, $"{before} → {user.Role.Display()}, {user.Audience.Display()}");
        return null;
    }

    public async Task<string?> UnlockAsync(string actor, string email)
    {
        var user = await users.FindByEmailAsync(email.Trim());
        if (user is null) return $"No user with email '{email}'.";
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        await audit.RecordAsync(actor, AuditActions.UserUnlocked, user.UserName ?? email);
        return null;
    }
}
