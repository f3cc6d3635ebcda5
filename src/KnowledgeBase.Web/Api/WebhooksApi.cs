using KnowledgeBase.Core.Api;
using KnowledgeBase.Core.Articles;
using KnowledgeBase.Data.Api;
using KnowledgeBase.Web.Api.Contracts;
using KnowledgeBase.Web.Api.OpenApi;
using KnowledgeBase.Web.Api.Webhooks;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KnowledgeBase.Web.Api;

/// <summary>Webhook subscriptions of the calling key: create (secret shown once), list, get, delete, test, delivery log.</summary>
public static class WebhooksApi
{
    public static RouteGroupBuilder MapWebhooksApi(this RouteGroupBuilder api)
    {
        var hooks = api.MapGroup("/webhooks").WithTags("Webhooks");
        hooks.MapPost("/", Create).Operation(ApiOperations.CreateWebhook)
            .WithSummary("Subscribe a URL to events")
            .WithDescription("events: article.published, article.updated, article.archived, article.deleted, article.withdrawn (a customer-audience key's article left its sight: it became internal or its clients no longer include the key's), ticket_link.created, and for internal-audience keys the workflow events article.flagged, article.review_due, proposal.created, proposal.decided. The response carries the signing secret — the only time it is shown. Deliveries are signed as Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature). A customer-audience key's subscription never receives internal articles.")
            .WithExamples(ApiExamples.WebhookRequest, ApiExamples.CreatedWebhook);
        hooks.MapGet("/", List).Operation(ApiOperations.ListWebhooks)
            .WithSummary("This key's subscriptions")
            .WithDescription($"Paged like every list: limit (1–100, default 100) and the opaque nextCursor. A key holds at most {WebhookSubscription.MaxPerKey} subscriptions; creating one more answers 409 limit-reached.")
            .WithExamples(response: ApiExamples.WebhookList);
        hooks.MapGet("/{id:long}", Get).Operation(ApiOperations.GetWebhook)
            .WithSummary("One subscription").WithExamples(response: ApiExamples.Webhook);
        hooks.MapDelete("/{id:long}", Delete).Operation(ApiOperations.DeleteWebhook)
            .WithSummary("Unsubscribe").WithDescription("Pending deliveries are dropped; the delivery log stays.").WithExamples(response: ApiExamples.NoContent);
        hooks.MapPost("/{id:long}/test", Test).Operation(ApiOperations.TestWebhook)
            .WithSummary("Send a signed test event now")
            .WithDescription("Posts a webhook.test event to the URL at once and answers with the receiver's status; the attempt is logged.")
            .WithExamples(response: ApiExamples.WebhookTest);
        hooks.MapGet("/{id:long}/deliveries", Deliveries).Operation(ApiOperations.ListWebhookDeliveries)
            .WithSummary("The delivery log").WithDescription("Every attempt, newest first: event, status code or error, duration.")
            .WithExamples(response: ApiExamples.WebhookAttempts);
        return api;
    }

    public sealed record ListParameters(int? Limit, string? Cursor);

    public static async Task<Created<CreatedWebhookResponse>> Create(CreateWebhookRequest request, WebhookStore store, HttpContext http)
    {
        var caller = ApiCaller.Of(http.User);
        var (subscription, secret) = await store.CreateAsync(request.Url, request.Events, caller.Reader, caller.KeyId, caller.Actor.Name, http.RequestAborted);
        return TypedResults.Created($"/api/v1/webhooks/{subscription.Id}", new CreatedWebhookResponse(subscription.Id, subscription.Url, subscription.EventList,
            subscription.Audience.ToWire(), subscription.CreatedAt, secret));
    }

    public static async Task<Results<Ok<WebhookListResponse>, ValidationProblem>> List([AsParameters] ListParameters query, WebhookStore store, HttpContext http)
    {
        var limit = query.Limit ?? 100;
        if (limit is < 1 or > 100) return ApiProblems.ValidationFailed("limit", "The limit must be between 1 and 100.");
        if (!Cursor.TryDecode(query.Cursor, "webhooks", out long after)) return ApiProblems.BadCursor();
        var page = await store.PageAsync(ApiCaller.Of(http.User).KeyId, after, limit, http.RequestAborted);
        var next = page.Count == limit ? Cursor.Encode("webhooks", page[^1].Id) : null;
        Cursor.AddNextLink(http, next);
        return TypedResults.Ok(new WebhookListResponse(page.Select(ToResponse).ToList(), next));
    }

    public static async Task<Results<Ok<WebhookResponse>, ProblemHttpResult>> Get(long id, WebhookStore store, HttpContext http) =>
        await store.GetAsync(id, ApiCaller.Of(http.User).KeyId, http.RequestAborted) is { } s ? TypedResults.Ok(ToResponse(s)) : NotFound(id);

    public static async Task<Results<NoContent, ProblemHttpResult>> Delete(long id, WebhookStore store, HttpContext http) =>
        await store.DeleteAsync(id, ApiCaller.Of(http.User).KeyId, http.RequestAborted) ? TypedResults.NoContent() : NotFound(id);

    public static async Task<Results<Ok<WebhookTestResponse>, ProblemHttpResult>> Test(long id, WebhookStore store, WebhookSender sender, TimeProvider clock, HttpContext http)
    {
        if (await store.GetAsync(id, ApiCaller.Of(http.User).KeyId, http.RequestAborted) is not { } subscription) return NotFound(id);
        var eventId = "test-" + Guid.NewGuid().ToString("N");
        var payload = WebhookStore.Envelope(eventId, WebhookEvents.Test, clock.GetUtcNow().UtcDateTime, new { subscriptionId = subscription.Id, message = "Test delivery from KnowledgeBase" });
        var result = await sender.SendAsync(subscription.Url, store.SigningSecret(subscription), eventId, payload, http.RequestAborted);
        await store.RecordTestAttemptAsync(subscription.Id, eventId, result.StatusCode, result.Error, result.DurationMs, http.RequestAborted);
        return TypedResults.Ok(new WebhookTestResponse(eventId, result.Delivered, result.StatusCode, result.Error, result.DurationMs));
    }

    public static async Task<Results<Ok<WebhookAttemptListResponse>, ProblemHttpResult>> Deliveries(long id, WebhookStore store, HttpContext http)
    {
        if (await store.GetAsync(id, ApiCaller.Of(http.User).KeyId, http.RequestAborted) is null) return NotFound(id);
        var attempts = await store.AttemptsAsync(id, 100, http.RequestAborted);
        return TypedResults.Ok(new WebhookAttemptListResponse(attempts.Select(a => new WebhookAttemptResponse(a.Id, a.EventId, a.EventType, a.AttemptedAt, a.StatusCode, a.Error, a.DurationMs)).ToList()));
    }

    private static WebhookResponse ToResponse(WebhookSubscription s) => new(s.Id, s.Url, s.EventList, s.Audience.ToWire(), s.CreatedAt);

    private static ProblemHttpResult NotFound(long id) => ApiProblems.NotFoundProblem($"Webhook subscription '{id}' does not exist.");
}
