using System.Security.Claims;
using KnowledgeBase.Data.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Web.Identity;

/// <summary>
/// Identity's sign-in manager with the one rule it lacks: a disabled account neither signs in (password or single
/// sign-on) nor keeps a session. The cookie's security-stamp check (every <see cref="IdentitySettings.SecurityStampValidationSeconds"/>,
/// on every node, against the shared database) and the Blazor circuits' revalidation both ask here.
/// </summary>
public sealed class KbSignInManager(UserManager<KbUser> userManager, IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<KbUser> claimsFactory, IOptions<IdentityOptions> optionsAccessor, ILogger<SignInManager<KbUser>> logger,
    IAuthenticationSchemeProvider schemes, IUserConfirmation<KbUser> confirmation)
    : SignInManager<KbUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public override async Task<bool> CanSignInAsync(KbUser user) => !user.IsDisabled && await base.CanSignInAsync(user);

    public override async Task<KbUser?> ValidateSecurityStampAsync(ClaimsPrincipal? principal)
    {
        var user = await base.ValidateSecurityStampAsync(principal);
        return user is { IsDisabled: false } ? user : null;
    }
}
