using System.Security.Claims;
using KnowledgeBase.Core.Access;
using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Lifecycle;

namespace KnowledgeBase.Web.Identity;

/// <summary>The claims our sign-in adds, and how the rest of the site reads them back.</summary>
public static class KbClaims
{
    public const string Role = "kb:role";
    public const string Audience = "kb:audience";
    /// <summary>The client a customer account (user or API key) is bound to; absent for internal accounts and unbound customers.</summary>
    public const string Client = "kb:client";

    public static KcsRole? RoleOf(this ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true && Enum.TryParse<KcsRole>(user.FindFirstValue(Role), out var role) && Enum.IsDefined(role) ? role : null;

    /// <summary>Anyone not explicitly internal reads as a customer: the audience that sees least.</summary>
    public static Audience AudienceOf(this ClaimsPrincipal user) =>
        Enum.TryParse<Audience>(user.FindFirstValue(Audience), out var audience) && audience == Core.Articles.Audience.Internal
            ? Core.Articles.Audience.Internal
            : Core.Articles.Audience.Customer;

    /// <summary>The account as the access policy sees it (an unauthenticated principal, or one without a role, is anonymous).</summary>
    public static Viewer ViewerOf(this ClaimsPrincipal user) =>
        user.RoleOf() is { } role ? new Viewer(role, user.AudienceOf(), user.FindFirstValue(Client)) : Viewer.Anonymous;

    public static Actor? ActorOf(this ClaimsPrincipal user) =>
        user.RoleOf() is { } role && user.Identity?.Name is { Length: > 0 } name ? new Actor(name, role) : null;

    /// <summary>Whether the account holds the permission, audience included (<see cref="AccessPolicy.Can"/>): a customer-audience Admin administers nothing.</summary>
    public static bool Can(this ClaimsPrincipal user, KcsPermission permission) => user.ViewerOf().Can(permission);
}
