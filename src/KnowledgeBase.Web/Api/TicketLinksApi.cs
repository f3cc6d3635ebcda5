using KnowledgeBase.Core.Api;
using KnowledgeBase.Core.Lifecycle;
using KnowledgeBase.Core.Tickets;
using KnowledgeBase.Data.Api;
using KnowledgeBase.Data.Tickets;
using KnowledgeBase.Web.Api.Contracts;
using KnowledgeBase.Web.Api.OpenApi;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KnowledgeBase.Web.Api;

/// <summary>Ticket ↔ article links of the reuse ledger: unique by (ticket, article); removing one is soft and audited.</summary>
public static class TicketLinksApi
{
    public sealed record LinkParameters(string? System, string? Instance, string? TicketId, string? ArticleId, bool? IncludeRemoved, int? Limit, string? Cursor);

    public static RouteGroupBuilder MapTicketLinksApi(this RouteGroupBuilder api)
    {
        var links = api.MapGroup("/ticket-links").WithTags("Ticket links");
        links.MapPost("/", Create).Operation(ApiOperations.CreateTicketLink)
            .WithSummary("Link an article to a ticket")
            .WithDescription("201 with the new link; 200 with the existing one when the pair was already linked (a higher type upgrades it: reference < resolved < created). The ticket must be known (PUT /tickets first). linkedBy is the technician; stillAccurate with a resolved link by a kb.write key counts as a review.")
            .WithExamples(ApiExamples.LinkRequest, ApiExamples.Link);
        links.MapGet("/", List).Operation(ApiOperations.ListTicketLinks)
            .WithSummary("Links of a ticket or of an article")
            .WithDescription("Give system + instance + ticketId, or articleId. Removed links only with includeRemoved=true.")
            .WithExamples(response: ApiExamples.LinkList);
        links.MapGet("/{id:long}", Get).Operation(ApiOperations.GetTicketLink)
            .WithSummary("One link").WithExamples(response: ApiExamples.Link);
        links.MapDelete("/{id:long}", Delete).Operation(ApiOperations.DeleteTicketLink)
            .WithSummary("Remove a wrong link")
            .WithDescription("Soft delete: the link stops counting in reports; the row and an audit entry stay. Removing twice is a no-op.")
            .WithExamples(response: ApiExamples.NoContent);
        return api;
    }

    public static async Task<Results<Created<LinkResponse>, Ok<LinkResponse>, ValidationProblem>> Create(CreateLinkRequest request, ReuseLedger ledger, ApiReads reads, HttpContext http)
    {
        var caller = ApiCaller.Of(http.User);
        var errors = new Dictionary<string, string>();
        var type = LinkType.Reference;
        if (request.Type is { Length: > 0 })
        {
            if (ApiNames.TryParseLinkType(request.Type, out var parsed)) type = parsed.Value;
            else errors["type"] = "The type must be reference, resolved or created.";
        }
        if (request.Ticket is null) errors["ticket"] = "The ticket {system, instance, id} is required.";
        if (request.LinkedBy is { Length: > 200 }) errors["linkedBy"] = "At most 200 characters.";
        if (errors.Count > 0) return ApiProblems.ValidationFailed(errors);
        var key = new TicketKey(request.Ticket!.System?.Trim() ?? "", request.Ticket.Instance?.Trim() ?? "", request.Ticket.Id?.Trim() ?? "");
        var result = await ledger.LinkAsync(ActorFor(caller, request.LinkedBy), new LinkRequest(key, request.ArticleId?.Trim() ?? "", type)
        {
            Channel = LinkChannel.Api, StillAccurate = request.StillAccurate ?? false, Reader = caller.Reader,
        }, http.RequestAborted);
        var view = await reads.LinkAsync(caller.Reader, result.Link.Id, http.RequestAborted);
        var body = ToResponse(view ?? new LinkView(result.Link, key));
        return result.Created ? TypedResults.Created($"/api/v1/ticket-links/{result.Link.Id}", body) : TypedResults.Ok(body);
    }

    public static async Task<Results<Ok<LinkListResponse>, ValidationProblem>> List([AsParameters] LinkParameters query, ApiReads reads, HttpContext http)
    {
        if (!ArticlesApi.TryLimit(query.Limit, 50, out var limit)) return ArticlesApi.LimitProblem();
        if (!Cursor.TryDecode(query.Cursor, "links", out long after)) return ApiProblems.BadCursor();
        TicketKey? ticket = null;
        var anyTicketPart = query.System is not null || query.Instance is not null || query.TicketId is not null;
        if (anyTicketPart)
        {
            if (string.IsNullOrWhiteSpace(query.System) || string.IsNullOrWhiteSpace(query.Instance) || string.IsNullOrWhiteSpace(query.TicketId))
                return ApiProblems.ValidationFailed("ticketId", "A ticket is named by system, instance and ticketId together.");
            ticket = new TicketKey(query.System.Trim(), query.Instance.Trim(), query.TicketId.Trim());
        }
        if ((ticket is null) == string.IsNullOrWhiteSpace(query.ArticleId))
            return ApiProblems.ValidationFailed("articleId", "Give either a ticket (system, instance, ticketId) or an articleId.");
        var caller = ApiCaller.Of(http.User);
        var rows = await reads.LinksAsync(caller.Reader, ticket, query.ArticleId?.Trim(), query.IncludeRemoved ?? false, after, limit, http.RequestAborted);
        var next = rows.Count == limit ? Cursor.Encode("links", rows[^1].Link.Id) : null;
        Cursor.AddNextLink(http, next);
        return TypedResults.Ok(new LinkListResponse(rows.Select(ToResponse).ToList(), next));
    }

    public static async Task<Results<Ok<LinkResponse>, ProblemHttpResult>> Get(long id, ApiReads reads, HttpContext http)
    {
        var view = await reads.LinkAsync(ApiCaller.Of(http.User).Reader, id, http.RequestAborted);
        return view is null ? ApiProblems.NotFoundProblem($"Link '{id}' does not exist.") : TypedResults.Ok(ToResponse(view));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Delete(long id, ReuseLedger ledger, ApiReads reads, HttpContext http)
    {
        var caller = ApiCaller.Of(http.User);
        if (await reads.LinkAsync(caller.Reader, id, http.RequestAborted) is null) return ApiProblems.NotFoundProblem($"Link '{id}' does not exist.");
        await ledger.RemoveLinkAsync(caller.Actor, id, http.RequestAborted);
        return TypedResults.NoContent();
    }

    /// <summary>The key's actor, or "person (key:NAME)" when the request names the technician: the audit trail keeps both.</summary>
    internal static Actor ActorFor(ApiCaller caller, string? person) =>
        string.IsNullOrWhiteSpace(person) ? caller.Actor : caller.Actor with { Name = $"{person.Trim()} (key:{caller.KeyName})" };

    private static LinkResponse ToResponse(LinkView view) => new(view.Link.Id, view.Link.ArticleId,
        new TicketKeyDto(view.Ticket.System, view.Ticket.Instance, view.Ticket.ExternalId), view.Link.Type.ToWire(), view.Link.ArticleVersion,
        view.Link.LinkedBy, view.Link.LinkedAt, view.Link.Channel.ToString().ToLowerInvariant(), view.Link.RemovedAt, view.Link.RemovedBy);
}
