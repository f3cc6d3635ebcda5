using KnowledgeBase.Core.Api;
using KnowledgeBase.Core.Articles;
using KnowledgeBase.Data.Api;
using KnowledgeBase.Web.Api.Contracts;
using KnowledgeBase.Web.Api.OpenApi;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KnowledgeBase.Web.Api;

/// <summary>The change feed: the change log after a sequence cursor — the source of truth webhooks point to.</summary>
public static class ChangesApi
{
    public sealed record ChangesParameters(string? Cursor, int? Limit);

    public static RouteGroupBuilder MapChangesApi(this RouteGroupBuilder api)
    {
        api.MapGet("/changes", Changes).WithTags("Changes").Operation(ApiOperations.GetChanges)
            .WithSummary("Follow changes incrementally")
            .WithDescription("Events created, updated, state-changed, archived and deleted in sequence order; for a customer-audience key also withdrawn: the article left its sight (it became internal, or its clients no longer include the key's), drop any copy — told once. Start without a cursor, then always pass the nextCursor you got (it is returned even when there is nothing new, so you can poll with it). The sequence equals the webhook-id of the same change. A customer-audience key sees only changes of customer articles in its client scope.")
            .WithExamples(response: ApiExamples.Changes);
        return api;
    }

    public static async Task<Results<Ok<ChangeFeedResponse>, ValidationProblem>> Changes([AsParameters] ChangesParameters query, ApiReads reads, HttpContext http)
    {
        if (!ArticlesApi.TryLimit(query.Limit, 100, out var limit)) return ArticlesApi.LimitProblem();
        if (!Cursor.TryDecode(query.Cursor, "changes", out long after)) return ApiProblems.BadCursor();
        var caller = ApiCaller.Of(http.User);
        var entries = await reads.ChangesAsync(caller.Reader, after, limit, http.RequestAborted);
        var items = entries.Select(e => new ChangeItem(e.Entry.Sequence, e.Withdrawn ? ChangeItem.Withdrawn : e.Entry.Type.ToWire(), e.Entry.ArticleId,
            e.Entry.Version, e.Entry.OccurredAt)).ToList();
        var next = Cursor.Encode("changes", items.Count > 0 ? items[^1].Sequence : after);
        if (items.Count == limit) Cursor.AddNextLink(http, next);
        return TypedResults.Ok(new ChangeFeedResponse(items, next));
    }
}
