using System.Security.Cryptography;
using KnowledgeBase.Core.Tickets;
using KnowledgeBase.Web.Hosting;
using KnowledgeBase.Web.Identity;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;

namespace KnowledgeBase.Web.Psa.Panel;

/// <summary>
/// The panel's connect window: a first-party page of the site (its own sign-in cookie works here, unlike in the PSA's
/// frame) where an internal account confirms that the panel may act as it. It hands a one-time code back to the panel
/// that opened it — only to a window of this site's own origin — and, when asked, a grant the panel keeps for a while.
/// </summary>
public static class ConnectEndpoints
{
    public static void MapConnectEndpoints(this WebApplication app)
    {
        var connect = app.MapGroup("/psa/{slug}/connect").RequireAuthorization(PermissionPolicies.ReadAndLink);
        connect.MapGet("/", AskAsync);
        connect.MapPost("/", ConnectAsync);
    }

    public static async Task<IResult> AskAsync(string slug, [FromQuery] string? ticket, PanelServices services, IAntiforgery antiforgery, HttpContext http)
    {
        http.KeepOpener();
        if (await services.Instances.FindAsync(slug, http.RequestAborted) is not { } instance)
            return Results.Content(await services.RenderStatusAsync($"There is no PSA instance '{slug}'."), "text/html; charset=utf-8", statusCode: 404);
        if (string.IsNullOrWhiteSpace(ticket) || ticket.Length > Ticket.MaxExternalIdLength || ticket.Any(char.IsControl))
            return Results.Content(await services.RenderStatusAsync("Open this window from a ticket's panel: it names the ticket to connect."), "text/html; charset=utf-8", statusCode: 400);
        var tokens = antiforgery.GetAndStoreTokens(http);
        var html = await services.RenderAsync<ConnectPage>(new Dictionary<string, object?>
        {
            [nameof(ConnectPage.Slug)] = instance.Slug, [nameof(ConnectPage.InstanceName)] = instance.DisplayName, [nameof(ConnectPage.TicketId)] = ticket,
            [nameof(ConnectPage.UserName)] = http.User.Identity!.Name, [nameof(ConnectPage.AntiforgeryField)] = tokens.FormFieldName,
            [nameof(ConnectPage.AntiforgeryToken)] = tokens.RequestToken, [nameof(ConnectPage.GrantHours)] = services.Options.Value.PanelGrantHours,
        });
        return Results.Content(html, "text/html; charset=utf-8");
    }

    public static async Task<IResult> ConnectAsync(string slug, [FromForm] string? ticket, [FromForm] bool? remember, PanelServices services, HttpContext http)
    {
        http.KeepOpener();
        if (await services.Instances.FindAsync(slug, http.RequestAborted) is not { } instance)
            return Results.Content(await services.RenderStatusAsync($"There is no PSA instance '{slug}'."), "text/html; charset=utf-8", statusCode: 404);
        if (string.IsNullOrWhiteSpace(ticket) || ticket.Length > Ticket.MaxExternalIdLength || ticket.Any(char.IsControl))
            return Results.Content(await services.RenderStatusAsync("Open this window from a ticket's panel: it names the ticket to connect."), "text/html; charset=utf-8", statusCode: 400);
        var user = http.User.Identity!.Name!;
        var code = services.Tokens.Seal(new PanelConnect(instance.Slug, ticket, user, remember == true, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))));
        var html = await services.RenderAsync<ConnectPage>(new Dictionary<string, object?>
        {
            [nameof(ConnectPage.Slug)] = instance.Slug, [nameof(ConnectPage.InstanceName)] = instance.DisplayName, [nameof(ConnectPage.TicketId)] = ticket,
            [nameof(ConnectPage.UserName)] = user, [nameof(ConnectPage.Handoff)] = $"/psa/{instance.Slug}/panel/{Uri.EscapeDataString(ticket)}?connect={Uri.EscapeDataString(code)}",
        });
        return Results.Content(html, "text/html; charset=utf-8");
    }
}
