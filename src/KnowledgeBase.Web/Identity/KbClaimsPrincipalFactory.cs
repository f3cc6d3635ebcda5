using System.Security.Claims;
using KnowledgeBase.Data.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Web.Identity;

/// <summary>Adds the user's KCS role and audience to the sign-in cookie.</summary>
public sealed class KbClaimsPrincipalFactory(UserManager<KbUser> userManager, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<KbUser>(userManager, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(KbUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(KbClaims.Role, user.Role.ToString()));
        identity.AddClaim(new Claim(KbClaims.Audience, user.Audience.ToString()));
        if (user.Audience != Core.Articles.Audience.Internal && !string.IsNullOrWhiteSpace(user.Client)) identity.AddClaim(new Claim(KbClaims.Client, user.Client));
        identity.AddClaim(new Claim(ClaimTypes.Role, user.Role.ToString()));
        return identity;
    }
}
