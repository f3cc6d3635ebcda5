using System.Text.Json;

namespace KnowledgeBase.Core.Psa;

/// <summary>
/// Autotask webhooks (Autotask REST API help, "Webhooks"): a JSON body with <c>Action</c> (Create, Update, Delete),
/// <c>Guid</c> (the webhook), <c>EntityType</c>, <c>Id</c>, <c>Fields</c> (the subscribed and display-always fields,
/// by REST name), <c>EventTime</c>, <c>SequenceNumber</c> and <c>PersonID</c>; signed with the webhook's SecretKey in
/// <c>X-Hook-Signature: sha1=base64(HMAC-SHA1)</c>. A ticket read with <c>GET /Tickets/{id}</c> comes as <c>{"item": {…}}</c>.
/// </summary>
public static class AutotaskPayload
{
    public sealed record Webhook(string EntityType, string Action, string? TicketId, PsaTicketEvent? Ticket);

    public static Webhook Parse(string body)
    {
        JsonElement root;
        try
        {
            root = JsonDocument.Parse(body).RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new PsaPayloadException("The webhook body is not valid JSON: " + ex.Message);
        }
        if (root.ValueKind != JsonValueKind.Object) throw new PsaPayloadException("The webhook body must be a JSON object.");
        var entityType = PsaJson.Text(root, "EntityType") ?? "";
        var action = PsaJson.Text(root, "Action") ?? "";
        var id = PsaJson.Text(root, "Id");
        if (!string.Equals(entityType, "Ticket", StringComparison.OrdinalIgnoreCase)) return new Webhook(entityType, action, id, null);
        if (id is null) throw new PsaPayloadException("The ticket webhook has no Id.");
        var fields = PsaJson.Get(root, "Fields") is { ValueKind: JsonValueKind.Object } f ? f : default;
        var ticket = fields.ValueKind == JsonValueKind.Object ? Ticket(fields, id) : new PsaTicketEvent { TicketId = id };
        ticket = ticket with
        {
            EventAt = PsaJson.Date(root, "EventTime") ?? ticket.EventAt,
            Deleted = string.Equals(action, "Delete", StringComparison.OrdinalIgnoreCase),
            // A ticket this site has not seen, announced without its title, is read from Autotask (when it may).
            NeedsFetch = ticket.Subject is null,
        };
        return new Webhook(entityType, action, id, ticket);
    }

    /// <summary>An Autotask ticket's fields (a webhook's <c>Fields</c> or a REST <c>item</c>) in our terms.</summary>
    public static PsaTicketEvent Ticket(JsonElement fields, string? id = null) => new()
    {
        TicketId = id ?? PsaJson.Text(fields, "id") ?? throw new PsaPayloadException("The Autotask ticket has no id."),
        Subject = PsaJson.Text(fields, "Title"),
        Description = PsaJson.Text(fields, "Description"),
        ClientId = PsaJson.Text(fields, "CompanyID"),
        Technician = PsaJson.Text(fields, "AssignedResourceID") is { } resource ? "resource " + resource : null,
        StatusId = PsaJson.Text(fields, "Status"),
        OpenedAt = PsaJson.Date(fields, "CreateDate"),
        ClosedAt = PsaJson.Date(fields, "CompletedDate"),
        EventAt = PsaJson.Date(fields, "LastActivityDate"),
        Fields =
        [
            new PsaField("queue", PsaJson.Text(fields, "QueueID"), null),
            new PsaField("issuetype", PsaJson.Text(fields, "IssueType"), null),
            new PsaField("subissuetype", PsaJson.Text(fields, "SubIssueType"), null),
            new PsaField("category", PsaJson.Text(fields, "TicketCategory"), null),
            new PsaField("tickettype", PsaJson.Text(fields, "TicketType"), null),
        ],
    };

    /// <summary>The ticket of a <c>GET /Tickets/{id}</c> answer (<c>{"item": {…}}</c>).</summary>
    public static PsaTicketEvent Item(JsonElement answer) =>
        PsaJson.Get(answer, "item") is { ValueKind: JsonValueKind.Object } item ? Ticket(item) : throw new PsaPayloadException("The Autotask answer has no item.");

    /// <summary>The company name of a <c>GET /Companies/{id}</c> answer.</summary>
    public static string? CompanyName(JsonElement answer) =>
        PsaJson.Get(answer, "item") is { ValueKind: JsonValueKind.Object } item ? PsaJson.Text(item, "companyName") : null;
}
