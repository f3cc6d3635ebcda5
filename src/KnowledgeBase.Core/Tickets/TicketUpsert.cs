namespace KnowledgeBase.Core.Tickets;

/// <summary>What a PSA (or the UI) reports about a ticket; the shape of <c>PUT /tickets/{system}/{instance}/{id}</c>.</summary>
public sealed record TicketUpsert
{
    public required TicketKey Key { get; init; }
    public required string Subject { get; init; }
    public string? Description { get; init; }
    public string? CategoryId { get; init; }
    public string? Client { get; init; }
    public string? Technician { get; init; }
    public TicketStatus Status { get; init; } = TicketStatus.Open;
    /// <summary>When null: kept for an existing ticket, now for a new one.</summary>
    public DateTime? OpenedAt { get; init; }
    /// <summary>Only with <see cref="TicketStatus.Closed"/>; when null the close time is kept, or now for a fresh close.</summary>
    public DateTime? ClosedAt { get; init; }

    /// <summary>Field → problem; empty when the upsert can be stored (category existence is checked by the ledger).</summary>
    public Dictionary<string, string> Validate()
    {
        var errors = new Dictionary<string, string>();
        Required(errors, "system", Key.System, Ticket.MaxSystemLength);
        Required(errors, "instance", Key.Instance, Ticket.MaxInstanceLength);
        Required(errors, "id", Key.ExternalId, Ticket.MaxExternalIdLength);
        Required(errors, "subject", Subject, Ticket.MaxSubjectLength);
        if (Description is { Length: > Ticket.MaxDescriptionLength }) errors["description"] = $"The description must be at most {Ticket.MaxDescriptionLength:N0} characters.";
        if (CategoryId is { Length: > 64 }) errors["category"] = "The category must be at most 64 characters.";
        if (Client is { Length: > Ticket.MaxNameLength }) errors["client"] = $"The client must be at most {Ticket.MaxNameLength} characters.";
        if (Technician is { Length: > Ticket.MaxNameLength }) errors["technician"] = $"The technician must be at most {Ticket.MaxNameLength} characters.";
        if (!Enum.IsDefined(Status)) errors["status"] = "The status must be open or closed.";
        if (Status == TicketStatus.Open && ClosedAt is not null) errors["closedAt"] = "An open ticket has no close time.";
        if (OpenedAt is { } opened && ClosedAt is { } closed && closed < opened) errors["closedAt"] = "A ticket cannot close before it opened.";
        if (OpenedAt is { } openedAt && !Inputs.StoredDates.InRange(openedAt)) errors["openedAt"] = $"The open time must be {Inputs.StoredDates.Describe()}.";
        if (ClosedAt is { } closedAt && !Inputs.StoredDates.InRange(closedAt)) errors["closedAt"] = $"The close time must be {Inputs.StoredDates.Describe()}.";
        if (Inputs.StoredText.NulProblem(Description) is { } descriptionProblem) errors["description"] = "The description " + descriptionProblem + ".";
        return errors;
    }

    private static void Required(Dictionary<string, string> errors, string field, string? value, int max)
    {
        var name = Label(field);
        if (string.IsNullOrWhiteSpace(value)) errors[field] = $"The {name} is required.";
        else if (value.Length > max) errors[field] = $"The {name} must be at most {max} characters.";
        else if (value.Any(char.IsControl)) errors[field] = $"The {name} must not contain control characters.";
    }

    /// <summary>The field as a person knows it: "id" alone does not say whose id.</summary>
    public static string Label(string field) => field switch
    {
        "system" => "ticket's PSA system",
        "instance" => "ticket's PSA instance",
        "id" => "ticket id",
        "subject" => "ticket subject",
        _ => field,
    };
}
