using KnowledgeBase.Core.Lifecycle;
using Microsoft.AspNetCore.Authorization;

namespace KnowledgeBase.Web.Identity;

/// <summary>One authorization policy per row of the KCS permission table, so pages and endpoints ask the same table.</summary>
public static class PermissionPolicies
{
    public static string For(KcsPermission permission) => "kcs:" + permission;

    public const string Administer = "kcs:" + nameof(KcsPermission.Administer);
    public const string ManageDomain = "kcs:" + nameof(KcsPermission.ManageDomain);
    public const string EditInternal = "kcs:" + nameof(KcsPermission.EditInternal);
    public const string ReadAndLink = "kcs:" + nameof(KcsPermission.ReadAndLink);

    public static void AddPermissionPolicies(this AuthorizationOptions options)
    {
        foreach (var permission in Enum.GetValues<KcsPermission>())
            options.AddPolicy(For(permission), policy => policy.RequireAuthenticatedUser().AddRequirements(new PermissionRequirement(permission)));
    }
}

public sealed record PermissionRequirement(KcsPermission Permission) : IAuthorizationRequirement;

public sealed class PermissionHandler : AuthorizationHandler<PermissionRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, PermissionRequirement requirement)
    {
        if (context.User.Can(requirement.Permission)) context.Succeed(requirement);
        return Task.CompletedTask;
    }
}
