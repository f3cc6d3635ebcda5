using KnowledgeBase.Data.Categories;
using System.Globalization;
using System.Text;
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
            // A subcategory is added from its parent's node, a top-level category from the form at the end of the page.
            var form = string.IsNullOrEmpty(parentId) ? "new" : "sub";
            var at = string.IsNullOrEmpty(parentId) ? "new" : parentId;
            var typed = new Typed(id, name, parentId, owner, reviewIntervalDays, description);
            if (Input(name, parentId, owner, reviewIntervalDays, description) is not { } input) return Back("Not added: the review interval must be a whole number of days.", at, form, typed);
            var error = await administration.CreateAsync(http.User.Identity!.Name!, id, input, cancellationToken);
            return error is null
                ? Back($"Added “{input.Name.Trim()}”.", id ?? CategoryAdministration.Slug(input.Name))
                : Back($"Not added: {error}", at, form, typed);
        });
        categories.MapPost("/update", async ([FromForm] string id, [FromForm] string? name, [FromForm] string? parentId, [FromForm] string? owner,
            [FromForm] string? reviewIntervalDays, [FromForm] string? description, CategoryAdministration administration, HttpContext http, CancellationToken cancellationToken) =>
        {
            var typed = new Typed(id, name, parentId, owner, reviewIntervalDays, description);
            if (Input(name, parentId, owner, reviewIntervalDays, description) is not { } input) return Back("Not saved: the review interval must be a whole number of days.", id, "update", typed);
            var error = await administration.UpdateAsync(http.User.Identity!.Name!, id, input, cancellationToken);
            return error is null ? Back($"Saved “{input.Name.Trim()}”.", id) : Back($"Not saved: {error}", id, "update", typed);
        });
        categories.MapPost("/delete", async ([FromForm] string id, CategoryAdministration administration, HttpContext http, CancellationToken cancellationToken) =>
        {
            var error = await administration.DeleteAsync(http.User.Identity!.Name!, id, cancellationToken);
            return error is null ? Back($"Deleted the category '{id}'.", null) : Back($"Not deleted: {error}", id, "delete", null);
        });
    }

    /// <summary>What the user typed into a refused form, sent back so the form shows it again.</summary>
    private sealed record Typed(string? Id, string? Name, string? ParentId, string? Owner, string? ReviewIntervalDays, string? Description);

    private static CategoryInput? Input(string? name, string? parentId, string? owner, string? reviewIntervalDays, string? description) =>
        int.TryParse(reviewIntervalDays, NumberStyles.Integer, CultureInfo.InvariantCulture, out var days)
            ? new CategoryInput(name ?? "", parentId, owner ?? "", days, description)
            : null;

    /// <summary>
    /// Back to the category page, with the outcome said where the form was: in the node of <paramref name="at"/> (a
    /// category id) or under the top-level form ("new"). A refused form (<paramref name="form"/> names which one) gets its
    /// typed values back.
    /// </summary>
    private static IResult Back(string message, string? at, string? form = null, Typed? typed = null)
    {
        var query = new StringBuilder("/categories?message=").Append(Uri.EscapeDataString(message));
        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value)) query.Append('&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
        }
        Add("at", at);
        Add("failed", form is null ? null : form);
        if (typed is not null)
        {
            Add("id", typed.Id);
            Add("name", typed.Name);
            Add("parentId", typed.ParentId);
            Add("owner", typed.Owner);
            Add("reviewIntervalDays", typed.ReviewIntervalDays);
            Add("description", typed.Description);
        }
        // No #fragment: the message takes the focus, which scrolls to it (and a fragment would stop the browser from
        // focusing anything on load).
        return Results.LocalRedirect(query.ToString());
    }
}
