using System.Security.Claims;
using KnowledgeBase.Data.Identity;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Web.Identity;

/// <summary>
/// An open interactive page (a Blazor circuit) holds the user it started with and never sees the cookie again, so it
/// asks the database every <see cref="IdentitySettings.SecurityStampValidationSeconds"/> whether that session still
/// stands: the account exists, is not disabled, and its security stamp is unchanged (no sign-out everywhere, password
/// change or reset). When not, the circuit becomes anonymous and the page sends the browser to sign in.
/// </summary>
public sealed class KbRevalidatingAuthenticationStateProvider(ILoggerFactory loggerFactory, IServiceScopeFactory scopeFactory,
    IOptions<IdentityOptions> options, IdentitySettings settings)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromSeconds(Math.Max(1, settings.StampValidationInterval.TotalSeconds));

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        if (authenticationState.User.Identity?.IsAuthenticated != true) return true;
        await using var scope = scopeFactory.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<KbUser>>();
        return await StillValidAsync(users, authenticationState.User, options.Value);
    }

    internal static async Task<bool> StillValidAsync(UserManager<KbUser> users, ClaimsPrincipal principal, IdentityOptions options)
    {
        var user = await users.GetUserAsync(principal);
        if (user is null || user.IsDisabled) return false;
        if (!users.SupportsUserSecurityStamp) return true;
        var stamp = principal.FindFirstValue(options.ClaimsIdentity.SecurityStampClaimType);
        return stamp == await users.GetSecurityStampAsync(user);
    }
}
