using System.Globalization;
using System.Net;
using KnowledgeBase.Core.Audit;
using KnowledgeBase.Data.Audit;
using KnowledgeBase.Data.Identity;
using KnowledgeBase.Web.Throttling;
using Microsoft.AspNetCore.Identity;

namespace KnowledgeBase.Web.Identity;

/// <summary>
/// Password sign-in that tells an attacker nothing: an unknown e-mail, a wrong password and a locked account get the
/// same answer after the same work (one password hash verification each — an unknown e-mail answered without one was
/// ~20 ms against ~115 ms), and a source with too many failures across any e-mails waits before anything is checked.
/// The per-account lockout (Identity, 5 wrong passwords → 15 minutes) still applies underneath; the audit trail keeps
/// what really happened.
/// </summary>
public sealed class PasswordSignIn(SignInManager<KbUser> signIn, UserManager<KbUser> users, SourceThrottle throttle, AuditLog audit)
{
    /// <summary>Said only to someone who typed the account's right password, so it tells an attacker nothing new.</summary>
    public const string Disabled = "This account has been disabled. Ask an Admin if you need it enabled again.";

    public const string Refused = "Wrong email or password. After 5 wrong passwords an account is locked for 15 minutes: if yours may be locked, wait or ask an Admin to unlock it.";

    private static string? _placeholderHash;

    public enum Result
    {
        SignedIn,
        Refused,
        Throttled,
    }

    public sealed record Outcome(Result Result, string? Message = null, TimeSpan? RetryAfter = null);

    public async Task<Outcome> SignInAsync(string email, string password, IPAddress? source)
    {
        email = email.Trim();
        var remote = source?.ToString();
        if (throttle.RetryAfter(ThrottleKind.SignInFailure, source) is { } wait)
        {
            await audit.RecordAsync(email, AuditActions.SignInThrottled, email, "too many failed sign-ins from this source", remote);
            var minutes = Math.Max(1, (int)Math.Ceiling(wait.TotalMinutes));
            return new Outcome(Result.Throttled,
                $"Too many failed sign-ins from your network. Try again in {minutes.ToString(CultureInfo.InvariantCulture)} minute{(minutes == 1 ? "" : "s")}.", wait);
        }

        var user = await users.FindByEmailAsync(email);
        SignInResult result;
        if (user is null)
        {
            VerifyPlaceholder(password);
            result = SignInResult.Failed;
        }
        else if (user.IsDisabled)
        {
            // Identity would refuse a disabled account before looking at the password; check it first so only the
            // account's owner learns that it is disabled (same work as the other answers).
            if (await users.CheckPasswordAsync(user, password))
            {
                await audit.RecordAsync(email, AuditActions.SignInFailed, email, "account disabled", remote);
                return new Outcome(Result.Refused, Disabled);
            }
            result = SignInResult.Failed;
        }
        else
        {
            result = await signIn.PasswordSignInAsync(user, password, isPersistent: false, lockoutOnFailure: true);
            // A locked account is answered without checking the password: do the same work as for the others.
            if (result.IsLockedOut) VerifyPlaceholder(password);
        }

        if (result.Succeeded)
        {
            await audit.RecordAsync(email, AuditActions.SignedIn, email, "password", remote);
            return new Outcome(Result.SignedIn);
        }
        throttle.Count(ThrottleKind.SignInFailure, source);
        if (result.IsLockedOut) await audit.RecordAsync(email, AuditActions.LockedOut, email, "too many failed sign-ins", remote);
        else await audit.RecordAsync(email, AuditActions.SignInFailed, email, user is null ? "unknown email" : user.IsDisabled ? "wrong password (account disabled)" : "wrong password", remote);
        return new Outcome(Result.Refused, Refused);
    }

    /// <summary>One verification against a hash of no one's password, as long as a real one takes.</summary>
    private void VerifyPlaceholder(string password)
    {
        var placeholder = new KbUser { UserName = "placeholder" };
        _placeholderHash ??= users.PasswordHasher.HashPassword(placeholder, Guid.NewGuid().ToString("N"));
        users.PasswordHasher.VerifyHashedPassword(placeholder, _placeholderHash, password);
    }
}
