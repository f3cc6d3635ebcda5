using KnowledgeBase.Data.Owners;
using KnowledgeBase.Web.Identity;
using Microsoft.AspNetCore.Mvc;

namespace KnowledgeBase.Web.Owners;

/// <summary>
/// The form posts of the Teams page (Knowledge Domain Experts and Admins: ManageDomain) and of the owners page (Admins:
/// unclaimed owners and the triage owner). Each answers with a redirect back and a message.
/// </summary>
public static class OwnerActions
{
    public static void MapOwnerActions(this WebApplication app)
    {
        var teams = app.MapGroup("/teams").RequireAuthorization(PermissionPolicies.ManageDomain);
        teams.MapPost("/create", async ([FromForm] string? name, [FromForm] string? description, TeamAdministration administration, HttpContext http, CancellationToken cancellationToken) =>
        {
            var (id, error) = await administration.CreateAsync(Actor(http), name, description, cancellationToken);
            return TeamsPage(error ?? $"Created the team “{name?.Trim()}”. Add its members below.", id);
        });
        teams.MapPost("/update", async ([FromForm] int id, [FromForm] string? name, [FromForm] string? description, TeamAdministration administration, HttpContext http, CancellationToken cancellationToken) =>
            TeamsPage(await administration.UpdateAsync(Actor(http), id, name, description, cancellationToken) ?? $"Saved “{name?.Trim()}”.", id));
        teams.MapPost("/add-member", async ([FromForm] int id, [FromForm] string? member, TeamAdministration administration, HttpContext http, CancellationToken cancellationToken) =>
            TeamsPage(await administration.AddMemberAsync(Actor(http), id, member, cancellationToken) ?? $"Added {member?.Trim()}.", id));
        teams.MapPost("/remove-member", async ([FromForm] int id, [FromForm] string userId, TeamAdministration administration, HttpContext http, CancellationToken cancellationToken) =>
            TeamsPage(await administration.RemoveMemberAsync(Actor(http), id, userId ?? "", cancellationToken) ?? "Removed from the team.", id));
        teams.MapPost("/delete", async ([FromForm] int id, TeamAdministration administration, HttpContext http, CancellationToken cancellationToken) =>
        {
            var error = await administration.DeleteAsync(Actor(http), id, cancellationToken);
            return TeamsPage(error ?? "Deleted the team.", error is null ? null : id);
        });

        var owners = app.MapGroup("/admin/owners").RequireAuthorization(PermissionPolicies.Administer);
        owners.MapPost("/assign", async ([FromForm] string name, [FromForm] string? owner, OwnerAssignments assignments, HttpContext http, CancellationToken cancellationToken) =>
            OwnersPage((await assignments.AssignUnclaimedAsync(Actor(http), name ?? "", owner, cancellationToken)).Message));
        owners.MapPost("/triage", async ([FromForm] string? owner, OwnerAssignments assignments, HttpContext http, CancellationToken cancellationToken) =>
            OwnersPage((await assignments.SetTriageOwnerAsync(Actor(http), owner, cancellationToken)).Message));
    }

    private static string Actor(HttpContext http) => http.User.Identity!.Name!;

    private static IResult TeamsPage(string message, int? id) =>
        Results.LocalRedirect("/teams?message=" + Uri.EscapeDataString(message) + (id is { } team ? $"#team-{team}" : ""));

    private static IResult OwnersPage(string message) => Results.LocalRedirect("/admin/owners?message=" + Uri.EscapeDataString(message));
}
