using System.Security.Claims;
using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Lifecycle;

namespace KnowledgeBase.Web.Identity;

/// <summary>Maps the identity provider's role claims to a KCS role and audience: the highest mapped role wins.</summary>
public static class OidcRoleMapper
{
    public static (KcsRole Role, Audience Audience) Map(IEnumerable<Claim> claims, OpenIdConnectSettings settings)
    {
        var values = claims.Where(c => c.Type == settings.RoleClaim || c.Type == ClaimTypes.Role).Select(c => c.Value).ToList();
        var role = KcsRole.Candidate;
        foreach (var value in values)
        {
            if (settings.RoleMap.TryGetValue(value, out var mapped) && Enum.TryParse<KcsRole>(mapped, ignoreCase: true, out var r) && Enum.IsDefined(r) && r > role)
                role = r;
        }
        var audience = settings.CustomerValue.Length > 0 && values.Contains(settings.CustomerValue, StringComparer.Ordinal) ? Audience.Customer : Audience.Internal;
        return (role, audience);
    }
}
