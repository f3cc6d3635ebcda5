using System.Globalization;
using System.Text;
using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Lifecycle;
using KnowledgeBase.Data.Audit;
using KnowledgeBase.Web.Reports;
using Microsoft.AspNetCore.Mvc;

namespace KnowledgeBase.Web.Identity;

/// <summary>Form posts of the admin pages and the audit CSV export; every one requires the Administer permission.</summary>
public static class AdminEndpoints
{
    public static void MapAdminEndpoints(this WebApplication app)
    {
        var admin = app.MapGroup("/admin").RequireAuthorization(PermissionPolicies.Administer);

        admin.MapPost("/users/create", async ([FromForm] string email, [FromForm] string password, [FromForm] string role, [FromForm] string? audience,
            UserAdministration users, HttpContext http) =>
        {
            if (!TryRole(role, out var kcsRole)) return Back("Not added: unknown role.", "create", failed: true);
            var error = await users.CreateAsync(http.User.Identity!.Name!, email ?? "", password ?? "", kcsRole, ParseAudience(audience));
            // A refused form comes back filled in (all but the password), with the reason under its button.
            return error is null
                ? Back($"Created {email} as {kcsRole.Display()}.", "create")
                : Back($"Not added: {error} Type the password again.", "create", failed: true, ("email", email), ("role", role), ("audience", audience));
        });
        admin.MapPost("/users/role", async ([FromForm] string email, [FromForm] string role, [FromForm] string? audience, [FromForm] string? client,
            UserAdministration users, HttpContext http) =>
        {
            if (!TryRole(role, out var kcsRole)) return Back("Not saved: unknown role.", email, failed: true);
            var parsedAudience = ParseAudience(audience);
            // The client binds customer-audience users only: an internal user's is cleared (they read every client's).
            if (parsedAudience != Core.Articles.Audience.Internal && !string.IsNullOrWhiteSpace(client)
                && Core.Articles.ClientNames.Problem(client) is { } clientProblem)
                return Back($"Not saved: the client {clientProblem}.", email, failed: true);
            var error = await users.SetRoleAsync(http.User.Identity!.Name!, email ?? "", kcsRole, parsedAudience);
            if (error is null && parsedAudience is { } chosen)
                error = await users.SetClientAsync(http.User.Identity!.Name!, email ?? "", chosen == Core.Articles.Audience.Internal ? null : client);
            var bound = parsedAudience == Core.Articles.Audience.Customer
                ? string.IsNullOrWhiteSpace(client) ? ", no client (global customer articles only)" : $", client {Core.Articles.ClientNames.Display(client)}"
                : "";
            return Back(error is null ? $"{email} is now {kcsRole.Display()}{bound}." : $"Not saved: {error}", email, failed: error is not null);
        });
        admin.MapPost("/users/unlock", async ([FromForm] string email, UserAdministration users, HttpContext http) =>
        {
            var error = await users.UnlockAsync(http.User.Identity!.Name!, email ?? "");
            return Back(error ?? $"{email} is unlocked.", "status:" + email, failed: error is not null);
        });
        admin.MapPost("/users/disable", async ([FromForm] string email, [FromForm] string? keepApiKeys, UserAdministration users, HttpContext http) =>
        {
            var keep = keepApiKeys == "true";
            var error = await users.DisableAsync(http.User.Identity!.Name!, email ?? "", keep);
            return Back(error is null
                ? $"{email} is disabled: they cannot sign in, and their open sessions end within a minute. Their API keys {(keep ? "keep working" : "stop working")}."
                : $"Not disabled: {error}", "status:" + email, failed: error is not null);
        });
        admin.MapPost("/users/enable", async ([FromForm] string email, UserAdministration users, HttpContext http) =>
        {
            var error = await users.EnableAsync(http.User.Identity!.Name!, email ?? "");
            return Back(error is null ? $"{email} is enabled and can sign in again." : $"Not enabled: {error}", "status:" + email, failed: error is not null);
        });
        admin.MapPost("/search/rebuild", (KnowledgeBase.Search.Sync.IndexSynchronizer synchronizer, HttpContext http) =>
        {
            synchronizer.RequestRebuild($"requested by {http.User.Identity!.Name}");
            return Results.LocalRedirect("/admin/search?message=" + Uri.EscapeDataString("Rebuild started; this page shows its progress."));
        });
        // What this node's index holds (id, article version), to check it against the database after a crash or catch-up.
        admin.MapGet("/search/documents.csv", (KnowledgeBase.Search.Sync.SearchIndexHost host) =>
        {
            if (host.Index is not { } index) return Results.Problem(statusCode: 503, title: "Search unavailable", detail: "This node has no usable index yet.");
            var csv = new ReportCsv("id", "version");
            foreach (var (id, version) in index.DocumentVersions().OrderBy(d => d.Key, StringComparer.Ordinal))
                csv.Row(id, version);
            return csv.ToResult("search-documents.csv");
        });
        admin.MapGet("/audit.csv", async (string? actor, string? action, string? target, string? from, string? to, AuditLog audit) =>
        {
            var errors = new List<string>();
            var start = Components.Shared.QueryValue.Date(from, "from", errors, "nothing was exported");
            var end = Components.Shared.QueryValue.Date(to, "to", errors, "nothing was exported");
            if (errors.Count > 0) return Results.Text(string.Join(" ", errors), "text/plain; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);
            var rows = await audit.QueryAsync(new AuditQuery(actor, action, target, start, end, 0, AuditLog.MaxPageSize));
            var csv = new ReportCsv("occurredAt", "actor", "action", "target", "details", "remoteAddress");
            foreach (var r in rows)
                csv.Row(r.OccurredAt, r.Actor, r.Action, r.Target, r.Details, r.RemoteAddress);
            return csv.ToResult("audit.csv");
        });
    }

    private static bool TryRole(string? text, out KcsRole role) => Enum.TryParse(text, out role) && Enum.IsDefined(role);

    private static Audience ParseAudience(string? text) => text == nameof(Audience.Customer) ? Audience.Customer : Audience.Internal;

    /// <summary>
    /// Back to the users page, with the outcome said next to the form that was sent: <paramref name="at"/> is "create" (the
    /// add-user form), the email of the row (its role form) or "status:" and the email (its status forms); a refused form
    /// gets its typed values back.
    /// </summary>
    private static IResult Back(string message, string? at, bool failed = false, params (string Name, string? Value)[] values)
    {
        var query = new StringBuilder("/admin/users?message=").Append(Uri.EscapeDataString(message));
        if (!string.IsNullOrEmpty(at)) query.Append("&at=").Append(Uri.EscapeDataString(at));
        if (failed) query.Append("&failed=true");
        foreach (var (name, value) in values)
            if (!string.IsNullOrEmpty(value)) query.Append('&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
        return Results.LocalRedirect(query.ToString());
    }
}
