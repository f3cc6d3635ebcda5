using System.Text.Json;

namespace KnowledgeBase.Core.Psa;

/// <summary>
/// HaloPSA webhooks (Halo guides, "Webhook Integration"): a JSON POST "containing the ticket and action objects where
/// applicable", authenticated with the Basic user name and password set on the webhook. With batching on (v2.164+)
/// several occurrences come in one delivery, as an array. A ticket read with <c>GET /api/Tickets/{id}</c> is the same
/// ticket object.
/// </summary>
public static class HaloPayload
{
    public static IReadOnlyList<PsaTicketEvent> Parse(string body)
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
        var items = root.ValueKind == JsonValueKind.Array ? root.EnumerateArray().ToList() : [root];
        var events = new List<PsaTicketEvent>();
        foreach (var item in items)
        {
            if (item.ValueKind != JsonValueKind.Object) throw new PsaPayloadException("Each webhook occurrence must be a JSON object.");
            // The ticket object under "ticket"; some payloads are the ticket itself.
            var ticket = PsaJson.Get(item, "ticket") is { ValueKind: JsonValueKind.Object } t ? t : item;
            if (PsaJson.Text(ticket, "id") is null) continue;
            events.Add(Ticket(ticket) with { Deleted = PsaJson.Bool(ticket, "deleted") == true });
        }
        if (events.Count == 0) throw new PsaPayloadException("The webhook carries no ticket (expected a \"ticket\" object with an \"id\").");
        return events;
    }

    /// <summary>A HaloPSA ticket in our terms.</summary>
    public static PsaTicketEvent Ticket(JsonElement ticket) => new()
    {
        TicketId = PsaJson.Text(ticket, "id") ?? throw new PsaPayloadException("The HaloPSA ticket has no id."),
        Subject = PsaJson.Text(ticket, "summary"),
        Description = PsaJson.Text(ticket, "details"),
        Client = PsaJson.Text(ticket, "client_name"),
        ClientId = PsaJson.Text(ticket, "client_id"),
        Technician = PsaJson.Text(ticket, "agent_name", "agentname", "assignedagent_name"),
        StatusId = PsaJson.Text(ticket, "status_id"),
        StatusName = PsaJson.Text(ticket, "status_name", "statusname"),
        OpenedAt = PsaJson.Date(ticket, "dateoccurred", "datecreated"),
        ClosedAt = PsaJson.Date(ticket, "datecleared", "dateclosed"),
        EventAt = PsaJson.Date(ticket, "lastactiondate", "last_update", "lastupdatedate"),
        Fields =
        [
            new PsaField("tickettype", PsaJson.Text(ticket, "tickettype_id"), PsaJson.Text(ticket, "tickettype_name", "tickettypename")),
            new PsaField("team", PsaJson.Text(ticket, "team_id"), PsaJson.Text(ticket, "team")),
            new PsaField("category", null, PsaJson.Text(ticket, "category_1")),
        ],
    };
}
