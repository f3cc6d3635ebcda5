using KnowledgeBase.Core.Access;
using KnowledgeBase.Core.Lifecycle;
using Microsoft.AspNetCore.Authorization;

namespace KnowledgeBase.Web.Identity;

/// <summary>
/// The access policy (<see cref="AccessPolicy"/>) as ASP.NET Core authorization policies, so pages, form posts and
/// exports ask the same rule. One policy per row of the KCS permission table for internal paths (<c>kcs:…</c>), one for
/// customer-facing paths and one for any signed-in account. A path that declares nothing, or declares
/// <c>[Authorize]</c> without a policy, gets the internal one: a new page cannot open itself to customers by forgetting.
/// </summary>
public static class PermissionPolicies
{
    /// <summary>An internal path that requires <paramref name="permission"/>.</summary>
    public static string For(KcsPermission permission) => "kcs:" + permission;

    public const string Administer = "kcs:" + nameof(KcsPermission.Administer);
    public const string ManageDomain = "kcs:" + nameof(KcsPermission.ManageDomain);
    public const string EditInternal = "kcs:" + nameof(KcsPermission.EditInternal);
    public const string CreateDraft = "kcs:" + nameof(KcsPermission.CreateDraft);
    /// <summary>Internal paths every internal role reaches: tickets, intake, reports, the review queue, categories.</summary>
    public const string ReadAndLink = "kcs:" + nameof(KcsPermission.ReadAndLink);

    /// <summary>Search, article pages and feedback: customer-audience accounts too; what they show is filtered per item.</summary>
    public const string CustomerFacing = "surface:customer-facing";

    /// <summary>Any signed-in account: sign out, the refusal page, the interactive connection.</summary>
    public const string SignedIn = "surface:account";

    public static void AddPermissionPolicies(this AuthorizationOptions options)
    {
        foreach (var permission in Enum.GetValues<KcsPermission>())
            options.AddPolicy(For(permission), Policy(Surface.Internal, permission));
        options.AddPolicy(CustomerFacing, Policy(Surface.CustomerFacing, KcsPermission.ReadAndLink));
        options.AddPolicy(SignedIn, Policy(Surface.Account, KcsPermission.ReadAndLink));
        // Everything is internal unless it says otherwise: endpoints without metadata (fallback) and [Authorize] or
        // RequireAuthorization() without a policy (default) alike.
        options.FallbackPolicy = Policy(Surface.Internal, KcsPermission.ReadAndLink);
        options.DefaultPolicy = options.FallbackPolicy;
    }

    private static AuthorizationPolicy Policy(Surface surface, KcsPermission permission) =>
        new AuthorizationPolicyBuilder().RequireAuthenticatedUser().AddRequirements(new AccessRequirement(surface, permission)).Build();
}

/// <summary>A path's surface and the permission it needs, decided by <see cref="AccessPolicy.Allows"/>.</summary>
public sealed record AccessRequirement(Surface Surface, KcsPermission Permission) : IAuthorizationRequirement;

public sealed class AccessHandler : AuthorizationHandler<AccessRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, AccessRequirement requirement)
    {
        if (context.User.ViewerOf().Allows(requirement.Surface, requirement.Permission)) context.Succeed(requirement);
        return Task.CompletedTask;
    }
}
