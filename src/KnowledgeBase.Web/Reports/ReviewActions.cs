using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Tickets;
using KnowledgeBase.Data.Reports;
using KnowledgeBase.Web.Identity;
using Microsoft.AspNetCore.Mvc;

namespace KnowledgeBase.Web.Reports;

/// <summary>
/// The review queue's form posts (antiforgery-checked). The policy only lets in who may act at all; the article
/// store, the lifecycle and the ledger decide each action, and their refusal comes back as the page's message.
/// </summary>
public static class ReviewActions
{
    public static void MapReviewActions(this WebApplication app)
    {
        // Confirming, archiving and reassigning all edit internal content (archiving further needs ManageDomain: the lifecycle says so).
        var edit = app.MapGroup("/review").RequireAuthorization(PermissionPolicies.EditInternal);
        edit.MapPost("/confirm", ConfirmAsync);
        edit.MapPost("/confirm-many", ConfirmManyAsync);
        edit.MapPost("/archive", ArchiveAsync);
        edit.MapPost("/reassign", ReassignAsync);
        // The ledger decides who resolves a flag: the article's owner, a Knowledge Domain Expert or an Admin.
        app.MapPost("/review/resolve-flag", ResolveFlagAsync).RequireAuthorization(PermissionPolicies.ReadAndLink);
    }

    private static Task<IResult> ConfirmAsync([FromForm] string articleId, [FromForm] string? owner, ReviewQueue queue, HttpContext http, CancellationToken cancellationToken) =>
        ActAsync(owner, async actor =>
        {
            var article = await queue.ConfirmAsync(actor, articleId, cancellationToken);
            return $"Confirmed “{article.Title}” as still valid.";
        }, http);

    private static Task<IResult> ConfirmManyAsync([FromForm] string? note, [FromForm] string? owner, ReviewQueue queue, HttpContext http, CancellationToken cancellationToken) =>
        ActAsync(owner, async actor =>
        {
            // The ticked checkboxes: one "articleId" field each (the form is already read for the other fields).
            var articleIds = http.Request.Form["articleId"].Where(id => !string.IsNullOrWhiteSpace(id)).Select(id => id!).ToList();
            if (articleIds.Count == 0) return "Tick the articles to confirm first.";
            var result = await queue.ConfirmManyAsync(actor, articleIds, note?.Trim() ?? "", cancellationToken);
            var message = $"Confirmed {result.Confirmed.Count} article{(result.Confirmed.Count == 1 ? "" : "s")} as still valid.";
            if (result.Skipped.Count > 0) message += " Skipped: " + string.Join("; ", result.Skipped.Select(s => $"{s.Key} ({s.Value})"));
            return message;
        }, http);

    private static Task<IResult> ArchiveAsync([FromForm] string articleId, [FromForm] int version, [FromForm] string? note, [FromForm] string? owner,
        ReviewQueue queue, HttpContext http, CancellationToken cancellationToken) =>
        ActAsync(owner, async actor =>
        {
            var outcome = await queue.ArchiveAsync(actor, articleId, version, note?.Trim() ?? "", cancellationToken);
            return outcome.Applied ? $"Archived “{outcome.Article.Title}”." : outcome.Message;
        }, http);

    private static Task<IResult> ReassignAsync([FromForm] string articleId, [FromForm] int version, [FromForm] string? newOwner, [FromForm] string? owner,
        ReviewQueue queue, HttpContext http, CancellationToken cancellationToken) =>
        ActAsync(owner, async actor =>
        {
            var outcome = await queue.ReassignAsync(actor, articleId, version, string.IsNullOrWhiteSpace(newOwner) ? null : newOwner.Trim(), cancellationToken: cancellationToken);
            return outcome.Applied
                ? $"“{outcome.Article.Title}” is now owned by {(string.IsNullOrWhiteSpace(newOwner) ? "its category's owner" : newOwner.Trim())}."
                : outcome.Message;
        }, http);

    private static Task<IResult> ResolveFlagAsync([FromForm] long flagId, [FromForm] string? resolution, [FromForm] string? owner,
        ReviewQueue queue, HttpContext http, CancellationToken cancellationToken) =>
        ActAsync(owner, async actor =>
        {
            var flag = await queue.ResolveFlagAsync(actor, flagId, resolution, cancellationToken);
            return $"Resolved the {flag.Reason.ToString().ToLowerInvariant()} flag on {flag.ArticleId}.";
        }, http);

    private static async Task<IResult> ActAsync(string? owner, Func<Core.Lifecycle.Actor, Task<string>> action, HttpContext http)
    {
        if (http.User.ActorOf() is not { } actor) return Results.Forbid();
        string message;
        try
        {
            message = await action(actor);
        }
        catch (Exception ex) when (ex is ArticleForbiddenException or ArticleNotFoundException or ArticleConflictException or ArticleValidationException
                                       or LedgerNotFoundException or LedgerValidationException)
        {
            message = ex.Message;
        }
        return Results.LocalRedirect(QueuePath(owner) + "?message=" + Uri.EscapeDataString(message));
    }

    /// <summary>The queue page of <paramref name="owner"/> (the signed-in user's own queue when empty).</summary>
    public static string QueuePath(string? owner) => string.IsNullOrWhiteSpace(owner) ? "/review" : "/review/" + Uri.EscapeDataString(owner.Trim());
}
