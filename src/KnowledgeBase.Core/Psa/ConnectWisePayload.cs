using System.Text.Json;

namespace KnowledgeBase.Core.Psa;

/// <summary>
/// ConnectWise PSA callbacks (developer.connectwise.com, "PSA Callbacks"): a JSON body with <c>MessageId</c>,
/// <c>FromUrl</c>, <c>CompanyId</c>, <c>MemberId</c>, <c>Action</c> (added, updated, deleted), <c>Type</c>,
/// <c>ID</c>, <c>Entity</c> (the record as a JSON string — absent or empty in some configurations, when only the id
/// comes) and <c>Metadata.key_url</c>, the address of the key that signs <c>x-content-signature</c>. The ticket itself
/// is the REST model of <c>GET /service/tickets/{id}</c>.
/// </summary>
public static class ConnectWisePayload
{
    public sealed record Callback(string Type, string Action, string? TicketId, string? KeyUrl, PsaTicketEvent? Ticket);

    public static Callback Parse(string body)
    {
        JsonElement root;
        try
        {
            root = JsonDocument.Parse(body).RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new PsaPayloadException("The callback body is not valid JSON: " + ex.Message);
        }
        if (root.ValueKind != JsonValueKind.Object) throw new PsaPayloadException("The callback body must be a JSON object.");
        var type = PsaJson.Text(root, "Type") ?? "";
        var action = PsaJson.Text(root, "Action") ?? "";
        var id = PsaJson.Text(root, "ID", "Id");
        var keyUrl = PsaJson.Get(root, "Metadata") is { } metadata ? PsaJson.Text(metadata, "key_url") : null;
        if (!string.Equals(type, "ticket", StringComparison.OrdinalIgnoreCase)) return new Callback(type, action, id, keyUrl, null);
        if (id is null) throw new PsaPayloadException("The ticket callback has no ID.");

        var deleted = string.Equals(action, "deleted", StringComparison.OrdinalIgnoreCase);
        JsonElement? entity = PsaJson.Get(root, "Entity") is { } value
            ? value.ValueKind == JsonValueKind.Object ? value : value.ValueKind == JsonValueKind.String ? ParseEntity(value.GetString()) : null
            : null;
        var ticket = entity is { } e && PsaJson.Text(e, "summary") is not null
            ? Ticket(e) with { TicketId = id, Deleted = deleted }
            : new PsaTicketEvent { TicketId = id, Deleted = deleted, NeedsFetch = !deleted };
        return new Callback(type, action, id, keyUrl, ticket);
    }

    private static JsonElement? ParseEntity(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        try
        {
            var entity = JsonDocument.Parse(text).RootElement.Clone();
            return entity.ValueKind == JsonValueKind.Object ? entity : null;
        }
        catch (JsonException ex)
        {
            throw new PsaPayloadException("The callback's Entity is not valid JSON: " + ex.Message);
        }
    }

    /// <summary>A ConnectWise ticket (the callback's entity or <c>GET /service/tickets/{id}</c>) in our terms.</summary>
    public static PsaTicketEvent Ticket(JsonElement ticket)
    {
        var info = PsaJson.Get(ticket, "_info");
        return new PsaTicketEvent
        {
            TicketId = PsaJson.Text(ticket, "id") ?? throw new PsaPayloadException("The ConnectWise ticket has no id."),
            Subject = PsaJson.Text(ticket, "summary"),
            Description = PsaJson.Text(ticket, "initialDescription"),
            Client = PsaJson.Nested(ticket, "company", "name"),
            Technician = PsaJson.Nested(ticket, "owner", "identifier") ?? PsaJson.Nested(ticket, "owner", "name"),
            Closed = PsaJson.Bool(ticket, "closedFlag"),
            StatusId = PsaJson.Nested(ticket, "status", "id"),
            StatusName = PsaJson.Nested(ticket, "status", "name"),
            OpenedAt = PsaJson.Date(ticket, "dateEntered") ?? (info is { } i ? PsaJson.Date(i, "dateEntered") : null),
            ClosedAt = PsaJson.Date(ticket, "closedDate"),
            EventAt = info is { } j ? PsaJson.Date(j, "lastUpdated") : null,
            Fields =
            [
                Field(ticket, "board"), Field(ticket, "type"), Field(ticket, "subType", "subtype"), Field(ticket, "item"),
            ],
        };
    }

    private static PsaField Field(JsonElement ticket, string property, string? name = null) =>
        new(name ?? property, PsaJson.Nested(ticket, property, "id"), PsaJson.Nested(ticket, property, "name"));

    /// <summary>The text of the ticket's first description note (<c>GET /service/tickets/{id}/notes</c>), or null.</summary>
    public static string? FirstDescription(JsonElement notes)
    {
        if (notes.ValueKind != JsonValueKind.Array) return null;
        foreach (var note in notes.EnumerateArray())
        {
            if (PsaJson.Bool(note, "detailDescriptionFlag") != false && PsaJson.Text(note, "text") is { } text) return text;
        }
        return null;
    }
}
