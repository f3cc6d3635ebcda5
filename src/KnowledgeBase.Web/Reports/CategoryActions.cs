using System.Globalization;
using KnowledgeBase.Web.Identity;
using Microsoft.AspNetCore.Mvc;

namespace KnowledgeBase.Web.Reports;

/// <summary>The category page's form posts: Knowledge Domain Experts and Admins (ManageDomain) edit the tree.</summary>
public static class CategoryActions
{
    public static void MapCategoryActions(this WebApplication app)
    {
        var categories = app.MapGroup("/categories").RequireAuthorization(PermissionPolicies.ManageDomain);
        categories.MapPost("/create", async ([FromForm] string? id, [FromForm] string? name, [FromForm] string? parentId, [FromForm] string? owner,
            [FromForm] string? reviewIntervalDays, [FromForm] string? description, CategoryAdministration administration, HttpContext http, CancellationToken cancellationToken) =>
        {
            if (Input(name, parentId, owner, reviewIntervalDays, description) is not { } input) return Back("The review interval must be a whole number of days.", parentId);
            var error = await administration.CreateAsync(http.User.Identity!.Name!, id, input, cancellationToken);
            return Back(error ?? $"Added “{input.Name.Trim()}”.", error is null ? id ?? CategoryAdministration.Slug(input.Name) : parentId);
        });
        categories.MapPost("/update", async ([FromForm] string id, [FromForm] string? name, [FromForm] string? parentId, [FromForm] string? owner,
            [FromForm] string? reviewIntervalDays, [FromForm] string? description, CategoryAdministration administration, HttpContext http, CancellationToken cancellationToken) =>
        {
            if (Input(name, parentId, owner, reviewIntervalDays, description) is not { } input) return Back("The review interval must be a whole number of days.", id);
            var error = await administration.UpdateAsync(http.User.Identity!.Name!, id, input, cancellationToken);
            return Back(error ?? $"Saved “{input.Name.Trim()}”.", id);
        });
        categories.MapPost("/delete", async ([FromForm] string id, CategoryAdministration administration, HttpContext http, CancellationToken cancellationToken) =>
        {
            var error = await administration.DeleteAsync(http.User.Identity!.Name!, id, cancellationToken);
            return Back(error ?? $"Deleted the category '{id}'.", error is null ? null : id);
        });
    }

    private static CategoryInput? Input(string? name, string? parentId, string? owner, string? reviewIntervalDays, string? description) =>
        int.TryParse(reviewIntervalDays, NumberStyles.Integer, CultureInfo.InvariantCulture, out var days)
            ? new CategoryInput(name ?? "", parentId, owner ?? "", days, description)
            : null;

    private static IResult Back(string message, string? anchor) =>
        Results.LocalRedirect("/categories?message=" + Uri.EscapeDataString(message) + (string.IsNullOrEmpty(anchor) ? "" : "#cat-" + Uri.EscapeDataString(anchor)));
}
