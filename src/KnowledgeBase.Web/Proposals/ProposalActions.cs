using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Lifecycle;
using KnowledgeBase.Data.Articles;
using KnowledgeBase.Web.Identity;
using Microsoft.AspNetCore.Mvc;

namespace KnowledgeBase.Web.Proposals;

/// <summary>
/// The article page's Accept and Reject forms (antiforgery-checked posts). The article store and the lifecycle decide;
/// the outcome, or why nothing happened, comes back next to the proposal on the article page.
/// </summary>
public static class ProposalActions
{
    public static void MapProposalActions(this WebApplication app)
    {
        // Any internal reader may post; ArticleStore asks the lifecycle whether this one may decide on this article.
        var proposals = app.MapGroup("/proposals").RequireAuthorization(PermissionPolicies.ReadAndLink);
        proposals.MapPost("/{id:long}/accept", AcceptAsync);
        proposals.MapPost("/{id:long}/reject", RejectAsync);
        proposals.MapPost("/{id:long}/withdraw", WithdrawAsync);
    }

    /// <summary>Where a proposal is decided: its card on its article's page.</summary>
    public static string PageOf(string articleId, long proposalId) =>
        $"/articles/{Uri.EscapeDataString(articleId)}?proposal={proposalId}#proposal-{proposalId}";

    private static Task<IResult> AcceptAsync(long id, [FromForm] int seenVersion, [FromForm] string? mode, [FromForm] string? confirmReplace, [FromForm] string? note,
        ArticleStore store, ProposalReads reads, HttpContext http, CancellationToken cancellationToken) =>
        DecideAsync(id, reads, http, async actor =>
        {
            var replace = string.Equals(mode, "replace", StringComparison.OrdinalIgnoreCase);
            if (replace && !string.Equals(confirmReplace, "true", StringComparison.OrdinalIgnoreCase))
                return (false, "Nothing was changed: tick the box to confirm that the proposal's text replaces the passages changed since it was written.");
            var outcome = await store.AcceptProposalAsync(actor, id, seenVersion, replace ? ProposalAcceptMode.Replace : ProposalAcceptMode.Merge, note ?? "", cancellationToken);
            return (true, $"Accepted: the proposal by {outcome.Proposal.Author} is now version {outcome.Article.Version}, credited to them in the revision history.");
        }, cancellationToken);

    private static Task<IResult> RejectAsync(long id, [FromForm] string? reason, ArticleStore store, ProposalReads reads, HttpContext http, CancellationToken cancellationToken) =>
        DecideAsync(id, reads, http, async actor =>
        {
            var outcome = await store.RejectProposalAsync(actor, id, reason ?? "", cancellationToken);
            return (true, $"Rejected the proposal by {outcome.Proposal.Author}. They see your reason on this page and in their proposals.");
        }, cancellationToken);

    private static Task<IResult> WithdrawAsync(long id, ArticleStore store, ProposalReads reads, HttpContext http, CancellationToken cancellationToken) =>
        DecideAsync(id, reads, http, async actor =>
        {
            await store.WithdrawProposalAsync(actor, id, cancellationToken);
            return (true, "Withdrawn: nobody needs to review this proposal any more. It stays below as withdrawn; the article is unchanged.");
        }, cancellationToken);

    private static async Task<IResult> DecideAsync(long id, ProposalReads reads, HttpContext http, Func<Actor, Task<(bool Done, string Message)>> decide, CancellationToken cancellationToken)
    {
        // Customers learn nothing of proposals, not even that one exists.
        if (!ProposalAccess.MaySee(http.User.ViewerOf()) || http.User.ActorOf() is not { } actor) return Results.NotFound();
        var articleId = await reads.ArticleIdOfAsync(id, cancellationToken);
        if (articleId is null) return Results.NotFound();
        bool done;
        string message;
        try
        {
            (done, message) = await decide(actor);
        }
        catch (ArticleConflictException ex)
        {
            (done, message) = (false, $"Nothing was changed: the article was saved again (now version {ex.CurrentVersion}) while you were reviewing. The proposal below is compared with that version now; review it again.");
        }
        catch (ArticleValidationException ex)
        {
            (done, message) = (false, string.Join(" ", ex.Errors.Values));
        }
        catch (Exception ex) when (ex is ProposalDecidedException or ProposalMergeConflictException or ArticleForbiddenException or ArticleNotFoundException)
        {
            (done, message) = (false, ex.Message);
        }
        var page = PageOf(articleId, id);
        var query = (done ? "&proposalMessage=" : "&proposalError=") + Uri.EscapeDataString(message);
        return Results.LocalRedirect(page.Insert(page.IndexOf('#'), query));
    }
}
