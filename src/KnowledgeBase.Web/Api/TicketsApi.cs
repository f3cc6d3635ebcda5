using KnowledgeBase.Core.Api;
using KnowledgeBase.Core.Tickets;
using KnowledgeBase.Data.Tickets;
using KnowledgeBase.Web.Api.Contracts;
using KnowledgeBase.Web.Api.OpenApi;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KnowledgeBase.Web.Api;

/// <summary>Tickets as the PSA reports them: upsert by (system, instance, id); closing them feeds the link rate.</summary>
public static class TicketsApi
{
    public static RouteGroupBuilder MapTicketsApi(this RouteGroupBuilder api)
    {
        api.MapPut("/tickets/{system}/{instance}/{ticketId}", Upsert).WithTags("Tickets").Operation(ApiOperations.UpsertTicket)
            .WithSummary("Create or update a ticket")
            .WithDescription("201 when the ticket is new, 200 when it was updated. status = open | closed; closing stamps closedAt (the one given, or now) and the ticket counts in the reuse report of the period it closed in; reopening clears it.")
            .WithExamples(ApiExamples.TicketRequest, ApiExamples.Ticket);
        return api;
    }

    public static async Task<Results<Created<TicketResponse>, Ok<TicketResponse>, ValidationProblem>> Upsert(string system, string instance, string ticketId, TicketUpsertRequest request, ReuseLedger ledger, HttpContext http)
    {
        var status = TicketStatus.Open;
        if (request.Status is { Length: > 0 } && !Enum.TryParse(request.Status, ignoreCase: true, out status))
            return ApiProblems.ValidationFailed("status", "The status must be open or closed.");
        var upsert = new TicketUpsert
        {
            Key = new TicketKey(system, instance, ticketId), Subject = request.Subject ?? "", Description = request.Description, CategoryId = request.Category,
            Client = request.Client, Technician = request.Technician, Status = status, OpenedAt = Utc(request.OpenedAt), ClosedAt = Utc(request.ClosedAt),
        };
        // The ledger calls the external id "id"; here it is the route's {ticketId}.
        if (upsert.Validate() is { Count: > 0 } errors)
            return ApiProblems.ValidationFailed(errors.ToDictionary(e => e.Key == "id" ? "ticketId" : e.Key, e => e.Value));
        var result = await ledger.UpsertTicketAsync(upsert, http.RequestAborted);
        var body = ToResponse(result.Ticket);
        return result.Created
            ? TypedResults.Created($"/api/v1/tickets/{Uri.EscapeDataString(system)}/{Uri.EscapeDataString(instance)}/{Uri.EscapeDataString(ticketId)}", body)
            : TypedResults.Ok(body);
    }

    private static TicketResponse ToResponse(Ticket t) => new(t.System, t.Instance, t.ExternalId, t.Subject, t.CategoryId, t.Client, t.Technician,
        t.Status.ToString().ToLowerInvariant(), t.OpenedAt, t.ClosedAt, t.UpdatedAt);

    internal static DateTime? Utc(DateTime? value) => value is { } v ? v.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(v, DateTimeKind.Utc) : v.ToUniversalTime() : null;
}
