using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Audit;
using KnowledgeBase.Core.Lifecycle;
using KnowledgeBase.Data.Audit;
using KnowledgeBase.Data.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace KnowledgeBase.Web.Identity;

/// <summary>
/// Creating users, changing roles, unlocking, disabling and enabling, password reset links and password changes:
/// shared by the setup page, the admin page, the account pages and the command line. Every change is audited.
/// </summary>
public sealed class UserAdministration(UserManager<KbUser> users, AuditLog audit, TimeProvider clock, KnowledgeBase.Data.KnowledgeBaseDbContext db,
    KnowledgeBase.Data.Owners.OwnerDirectory owners, KnowledgeBase.Data.Api.ApiKeyStore apiKeys,
    KnowledgeBase.Web.Notifications.Mail.SmtpMailSender mail, PasswordResetMail resetMail, IdentitySettings settings)
{
    /// <summary>The path of the page a reset link opens; the link carries the account id and a one-time token.</summary>
    public const string ResetPath = "/account/reset-password";

    public const string ResetLinkInvalid = "This reset link has expired or was already used. Ask for a new one with \"Forgot your password?\" on the sign-in page, or ask an Admin.";

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
        if (user.Role == KcsRole.Admin && role != KcsRole.Admin && !user.IsDisabled && await EnabledAdminsAsync() == 1)
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

    /// <summary>
    /// Binds a customer-audience user to a client (null or blank: none, so they see only global customer articles). The
    /// user's sessions end, as for a role change, so no open page keeps reading as the old client. Internal users read
    /// every client's articles: a client for one is refused.
    /// </summary>
    public async Task<string?> SetClientAsync(string actor, string email, string? client)
    {
        var user = await users.FindByEmailAsync(email.Trim());
        if (user is null) return $"No user with email '{email}'.";
        client = string.IsNullOrWhiteSpace(client) ? null : Core.Articles.ClientNames.Display(client);
        if (client is not null && Core.Articles.ClientNames.Problem(client) is { } problem) return "The client " + problem + ".";
        if (client is not null && user.Audience == Audience.Internal)
            return "Only a customer-audience user belongs to a client: internal users see every client's articles.";
        if (user.Client == client) return null;
        var before = user.Client ?? "no client";
        user.Client = client;
        var result = await users.UpdateAsync(user);
        if (!result.Succeeded) return string.Join(" ", result.Errors.Select(e => e.Description));
        await users.UpdateSecurityStampAsync(user);
        await audit.RecordAsync(actor, AuditActions.UserClientChanged, user.UserName ?? email, $"{before} → {client ?? "no client"}");
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

    private Task<int> EnabledAdminsAsync() => users.Users.CountAsync(u => u.Role == KcsRole.Admin && u.DisabledAt == null);

    /// <summary>
    /// Disables the account: it can no longer sign in, and its sessions end on every node at their next security-stamp
    /// check (the stamp changes here). The API keys it created stop working unless <paramref name="keepApiKeys"/>.
    /// </summary>
    public async Task<string?> DisableAsync(string actor, string email, bool keepApiKeys)
    {
        var user = await users.FindByEmailAsync(email.Trim());
        if (user is null) return $"No user with email '{email}'.";
        if (string.Equals(user.UserName, actor, StringComparison.OrdinalIgnoreCase)) return "You cannot disable your own account.";
        if (user.IsDisabled) return $"{user.Email} is already disabled (since {user.DisabledAt:yyyy-MM-dd HH:mm} UTC, by {user.DisabledBy}).";
        if (user.Role == KcsRole.Admin && await EnabledAdminsAsync() == 1) return "This is the last enabled Admin: make someone else Admin first.";
        user.DisabledAt = clock.GetUtcNow().UtcDateTime;
        user.DisabledBy = actor;
        user.ApiKeysKeptWhileDisabled = keepApiKeys;
        var result = await users.UpdateAsync(user);
        if (!result.Succeeded) return string.Join(" ", result.Errors.Select(e => e.Description));
        await users.UpdateSecurityStampAsync(user);
        apiKeys.ForgetCachedKeys();
        owners.Invalidate();
        await audit.RecordAsync(actor, AuditActions.UserDisabled, user.UserName ?? email,
            keepApiKeys ? "sessions ended; API keys they created keep working" : "sessions ended; API keys they created stop working");
        return null;
    }

    public async Task<string?> EnableAsync(string actor, string email)
    {
        var user = await users.FindByEmailAsync(email.Trim());
        if (user is null) return $"No user with email '{email}'.";
        if (!user.IsDisabled) return $"{user.Email} is not disabled.";
        var since = user.DisabledAt;
        user.DisabledAt = null;
        user.DisabledBy = null;
        user.ApiKeysKeptWhileDisabled = false;
        var result = await users.UpdateAsync(user);
        if (!result.Succeeded) return string.Join(" ", result.Errors.Select(e => e.Description));
        apiKeys.ForgetCachedKeys();
        owners.Invalidate();
        await audit.RecordAsync(actor, AuditActions.UserEnabled, user.UserName ?? email, $"disabled since {since:yyyy-MM-dd HH:mm} UTC");
        return null;
    }

    /// <summary>
    /// A one-time password reset link for the account: Identity's data-protected token (never stored; it expires after
    /// <see cref="IdentitySettings.PasswordResetLinkHours"/> and stops working once used, as using it changes the
    /// account's security stamp). <paramref name="channel"/> says in the audit trail where the link went.
    /// </summary>
    /// <returns>The link, or what is wrong.</returns>
    public async Task<(string? Link, string? Error)> ResetLinkAsync(string actor, string email, Uri siteAddress, string channel)
    {
        var user = await users.FindByEmailAsync(email.Trim());
        if (user is null) return (null, $"No user with email '{email}'.");
        if (user.IsDisabled) return (null, $"{user.Email} is disabled: enable the account first.");
        var link = await LinkAsync(user, siteAddress);
        await audit.RecordAsync(actor, AuditActions.PasswordResetLinkIssued, user.UserName ?? email, channel);
        return (link, null);
    }

    private async Task<string> LinkAsync(KbUser user, Uri siteAddress)
    {
        var token = await users.GeneratePasswordResetTokenAsync(user);
        return new Uri(siteAddress, $"{ResetPath.TrimStart('/')}?user={Uri.EscapeDataString(user.Id)}&token={Uri.EscapeDataString(token)}").ToString();
    }

    /// <summary>What became of an Admin's reset link: e-mailed, or to be shown (no relay, or the relay failed: <see cref="MailFailure"/>).</summary>
    public sealed record ResetLinkOutcome(string? Link, bool Mailed, string? Error, string? MailFailure = null);

    /// <summary>The Admin's "Password reset link": e-mailed to the account when the site sends e-mail, else (or when the relay fails) returned to show once.</summary>
    public async Task<ResetLinkOutcome> GiveResetLinkAsync(string actor, string email, Uri siteAddress)
    {
        if (!mail.IsConfigured)
        {
            var (shown, error) = await ResetLinkAsync(actor, email, siteAddress, "shown to the Admin");
            return new ResetLinkOutcome(shown, false, error);
        }
        var user = await users.FindByEmailAsync(email.Trim());
        if (user is null) return new ResetLinkOutcome(null, false, $"No user with email '{email}'.");
        if (user.IsDisabled) return new ResetLinkOutcome(null, false, $"{user.Email} is disabled: enable the account first.");
        var link = await LinkAsync(user, siteAddress);
        try
        {
            await mail.SendAsync(PasswordResetMail.Build(user.Email!, user.DisplayName, link, settings.PasswordResetLinkHours, askedByAdmin: true));
            await audit.RecordAsync(actor, AuditActions.PasswordResetLinkIssued, user.UserName ?? email, $"e-mailed to {user.Email}");
            return new ResetLinkOutcome(null, true, null);
        }
        catch (KnowledgeBase.Web.Notifications.Mail.MailDeliveryException ex)
        {
            await audit.RecordAsync(actor, AuditActions.PasswordResetLinkIssued, user.UserName ?? email, "shown to the Admin (the e-mail failed)");
            return new ResetLinkOutcome(link, false, null, ex.Message);
        }
    }

    /// <summary>Whether "Forgot your password?" can e-mail links: a relay, and the site's public address (see <see cref="RequestResetByEmailAsync"/>).</summary>
    public bool SelfServiceReset(Uri? publicAddress) => mail.IsConfigured && publicAddress is not null;

    /// <summary>
    /// "Forgot your password?": queues a reset e-mail when the address belongs to an enabled account with a password,
    /// and does nothing visible otherwise — the caller answers the same either way. The link is built on the configured
    /// public address, never on the request's Host header (which a sender of the request controls: a link to their
    /// own site in a real reset e-mail would hand them the token).
    /// </summary>
    public async Task RequestResetByEmailAsync(string email, Uri publicAddress, string? remoteAddress)
    {
        var user = await users.FindByEmailAsync(email.Trim());
        if (user?.Email is null) return;
        string outcome;
        if (user.IsDisabled) outcome = "requested; not sent: the account is disabled";
        else if (!await users.HasPasswordAsync(user)) outcome = "requested; not sent: the account signs in with single sign-on";
        else if (!resetMail.TryClaim(user.Email)) outcome = "requested; not sent: one was sent in the last minutes";
        else
        {
            resetMail.Enqueue(PasswordResetMail.Build(user.Email, user.DisplayName, await LinkAsync(user, publicAddress), settings.PasswordResetLinkHours, askedByAdmin: false));
            outcome = "e-mailed on request (forgot password)";
        }
        await audit.RecordAsync(user.UserName ?? email, AuditActions.PasswordResetLinkIssued, user.UserName ?? email, outcome, remoteAddress);
    }

    /// <summary>Whether a reset link still works (checked when its page opens, so nobody types a password into a dead link).</summary>
    public async Task<bool> ResetLinkWorksAsync(string? userId, string? token)
    {
        if (string.IsNullOrEmpty(userId) || string.IsNullOrEmpty(token)) return false;
        var user = await users.FindByIdAsync(userId);
        return user is { IsDisabled: false }
               && await users.VerifyUserTokenAsync(user, users.Options.Tokens.PasswordResetTokenProvider, UserManager<KbUser>.ResetPasswordTokenPurpose, token);
    }

    /// <summary>Sets a new password with a reset link's token; the token then no longer works and every session ends.</summary>
    /// <returns>Null on success; <see cref="ResetLinkInvalid"/> or the password rules that were not met.</returns>
    public async Task<string?> ResetPasswordAsync(string userId, string token, string newPassword, string? remoteAddress)
    {
        var user = string.IsNullOrEmpty(userId) ? null : await users.FindByIdAsync(userId);
        if (user is null || user.IsDisabled) return ResetLinkInvalid;
        var result = await users.ResetPasswordAsync(user, token, newPassword);
        if (!result.Succeeded)
            return result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.InvalidToken)) ? ResetLinkInvalid : string.Join(" ", result.Errors.Select(e => e.Description));
        // Whoever holds the link holds the mailbox: a lockout from wrong guesses ends with the new password.
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        await audit.RecordAsync(user.UserName ?? "", AuditActions.PasswordReset, user.UserName ?? "", "with a reset link; other sessions ended", remoteAddress);
        return null;
    }

    /// <summary>A signed-in user's own change: the current password is required; the security stamp changes, so other sessions end.</summary>
    public async Task<IdentityResult> ChangePasswordAsync(KbUser user, string currentPassword, string newPassword, string? remoteAddress)
    {
        var result = await users.ChangePasswordAsync(user, currentPassword, newPassword);
        if (result.Succeeded)
            await audit.RecordAsync(user.UserName ?? "", AuditActions.PasswordChanged, user.UserName ?? "", "other sessions ended", remoteAddress);
        return result;
    }
}
