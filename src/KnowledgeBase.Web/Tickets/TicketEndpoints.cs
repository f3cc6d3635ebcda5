using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Tickets;
using KnowledgeBase.Data.Tickets;
using KnowledgeBase.Web.Identity;
using Microsoft.AspNetCore.Mvc;

namespace KnowledgeBase.Web.Tickets;

/// <summary>
/// Form posts of the solve loop: pin a ticket, link an article to it, remove a link (internal accounts: tickets are the
/// service desk's data), and flag an article (anyone who may read it, customers included).
/// </summary>
public static class TicketEndpoints
{
    public static void MapTicketEndpoints(this WebApplication app)
    {
        var group = app.MapGroup("/").RequireAuthorization(PermissionPolicies.ReadAndLink);

        group.MapPost("/tickets/pin", ([FromForm] string system, [FromForm] string instance, [FromForm] string id, [FromForm] string? returnUrl, HttpContext http) =>
        {
            var key = new TicketKey(system?.Trim() ?? "", instance?.Trim() ?? "", id?.Trim() ?? "");
            if (PinnedTicket.Parse(PinnedTicket.Format(key)) is null) return Back(returnUrl, "That ticket key is not valid.");
            http.Response.Cookies.Append(PinnedTicket.CookieName, PinnedTicket.Format(key), new CookieOptions
            {
                HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = http.Request.IsHttps, IsEssential = true, MaxAge = TimeSpan.FromHours(12),
            });
            return Back(returnUrl, $"Ticket {key} is pinned: open an article to link it in one click.");
        });
        group.MapPost("/tickets/unpin", ([FromForm] string? returnUrl, HttpContext http) =>
        {
            http.Response.Cookies.Delete(PinnedTicket.CookieName);
            return Back(returnUrl, "No ticket is pinned.");
        });
        group.MapPost("/tickets/link", async ([FromForm] string articleId, [FromForm] string type, [FromForm] bool? stillAccurate, [FromForm] string? returnUrl,
            PinnedTicket pinned, ReuseLedger ledger, HttpContext http) =>
        {
            var actor = http.User.ActorOf();
            if (actor is null) return Results.Forbid();
            if (pinned.Key is not { } key) return Back(returnUrl, "Pin a ticket first.");
            if (!Enum.TryParse<LinkType>(type, ignoreCase: true, out var linkType) || !Enum.IsDefined(linkType)) return Back(returnUrl, "Unknown link type.");
            try
            {
                // A ticket pinned from a PSA link may not have reached us yet: record it so the link has a ticket; the
                // integration fills in its subject and status later (PUT /api/v1/tickets/…).
                if (await ledger.FindTicketAsync(key) is null)
                    await ledger.UpsertTicketAsync(new TicketUpsert { Key = key, Subject = $"{key.System} ticket {key.ExternalId}" });
                var result = await ledger.LinkAsync(actor, new LinkRequest(key, articleId ?? "", linkType)
                {
                    Channel = LinkChannel.Ui, StillAccurate = stillAccurate == true, Reader = http.User.ViewerOf().Reader,
                });
                var what = result.Created ? "Linked" : result.Upgraded ? "Upgraded the link" : "Already linked";
                return Back(returnUrl, $"{what}: ticket {key} ↔ this article ({result.Link.Type.ToString().ToLowerInvariant()})" + (result.Reviewed ? "; recorded as reviewed." : "."));
            }
            catch (Exception ex) when (ex is LedgerValidationException or LedgerNotFoundException or ArticleNotFoundException or ArticleForbiddenException)
            {
                return Back(returnUrl, ex.Message);
            }
        });
        // Posted from a ticket's page: the link must be one of that ticket's, and a missing link and another ticket's link
        // get the same answer, so the form tells nothing about ids it was not shown.
        group.MapPost("/tickets/unlink", async ([FromForm] long linkId, [FromForm] string? system, [FromForm] string? instance, [FromForm] string? ticket,
            [FromForm] string? returnUrl, ReuseLedger ledger, HttpContext http) =>
        {
            var actor = http.User.ActorOf();
            if (actor is null) return Results.Forbid();
            var key = new TicketKey(system?.Trim() ?? "", instance?.Trim() ?? "", ticket?.Trim() ?? "");
            const string NoSuchLink = "This ticket has no such link (it may have been removed already): reload the ticket to see its links.";
            if (PinnedTicket.Parse(PinnedTicket.Format(key)) is null) return Back(returnUrl, NoSuchLink);
            try
            {
                await ledger.RemoveLinkAsync(actor, linkId, onTicket: key);
                return Back(returnUrl, "The link was removed (kept in the audit trail).");
            }
            catch (LedgerNotFoundException)
            {
                return Back(returnUrl, NoSuchLink);
            }
            catch (Exception ex) when (ex is LedgerValidationException or ArticleForbiddenException)
            {
                return Back(returnUrl, ex.Message);
            }
        });
        app.MapPost("/articles/{id}/flag", async (string id, [FromForm] string reason, [FromForm] string? comment, ReuseLedger ledger, HttpContext http) =>
        {
            var actor = http.User.ActorOf();
            if (actor is null) return Results.Forbid();
            if (!Enum.TryParse<FlagReason>(reason, ignoreCase: true, out var flagReason) || !Enum.IsDefined(flagReason))
                return FlagOutcome(id, "Not flagged: choose why you flag the article.", comment);
            try
            {
                await ledger.FlagAsync(actor, id, flagReason, comment, http.User.ViewerOf().Reader);
                return FlagOutcome(id, http.User.ViewerOf().IsInternal ? "Thanks: the flag is in the owner's review queue."
                    : "Thanks: the service desk will review the article.", refusedComment: null);
            }
            catch (Exception ex) when (ex is LedgerValidationException or LedgerNotFoundException or ArticleNotFoundException)
            {
                return FlagOutcome(id, $"Not flagged: {ex.Message}", comment);
            }
        }).RequireAuthorization(PermissionPolicies.CustomerFacing);
    }

    /// <summary>
    /// Back to the article with the flag form's outcome said under that form (not at the top of the page, far from where
    /// the reader pressed the button); a refused flag gets its comment back.
    /// </summary>
    private static IResult FlagOutcome(string id, string message, string? refusedComment)
    {
        var url = $"/articles/{Uri.EscapeDataString(id)}?flagged={Uri.EscapeDataString(message)}";
        if (refusedComment is not null) url += $"&flagFailed=true&comment={Uri.EscapeDataString(refusedComment)}";
        // No #fragment: the message takes the focus, which scrolls to it (a fragment would stop the browser from
        // focusing anything on load).
        return Results.LocalRedirect(url);
    }

    private static IResult Back(string? returnUrl, string message)
    {
        var target = System.Text.RegularExpressions.Regex.Replace(IdentityExtensions.SafeReturnUrl(returnUrl), @"[?&]message=[^&]*", "");
        var separator = target.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        return Results.LocalRedirect($"{target}{separator}message={Uri.EscapeDataString(message)}");
    }
}
