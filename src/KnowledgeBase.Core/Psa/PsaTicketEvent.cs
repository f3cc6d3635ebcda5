namespace KnowledgeBase.Core.Psa;

/// <summary>
/// A ticket change as a vendor's event describes it, in our terms. A vendor sends only what changed (Autotask sends the
/// fields subscribed), so every field may be missing: missing means "unchanged", never "cleared".
/// </summary>
public sealed record PsaTicketEvent
{
    public required string TicketId { get; init; }
    public string? Subject { get; init; }
    public string? Description { get; init; }
    public string? Client { get; init; }
    /// <summary>The client's id in the PSA when only that is known (an Autotask CompanyID): the receiver looks its name up.</summary>
    public string? ClientId { get; init; }
    public string? Technician { get; init; }
    /// <summary>True closed, false open, null when the event does not say.</summary>
    public bool? Closed { get; init; }
    /// <summary>The PSA's status (id or name) when the PSA decides closed by status (<see cref="PsaInstance.ClosedStatuses"/>).</summary>
    public string? StatusId { get; init; }
    public string? StatusName { get; init; }
    public DateTime? OpenedAt { get; init; }
    public DateTime? ClosedAt { get; init; }
    /// <summary>When the change happened according to the PSA.</summary>
    public DateTime? EventAt { get; init; }
    public IReadOnlyList<PsaField> Fields { get; init; } = [];
    /// <summary>The ticket was deleted in the PSA (the ledger keeps it; nothing changes).</summary>
    public bool Deleted { get; init; }
    /// <summary>The event carries only the ticket's id (a ConnectWise callback without its entity): the ticket must be read from the PSA.</summary>
    public bool NeedsFetch { get; init; }

    /// <summary>Whether the ticket is closed by this event: its own flag, else its status against the instance's closed statuses.</summary>
    public bool? IsClosed(IReadOnlyList<string> closedStatuses) =>
        Closed ?? (StatusId is null && StatusName is null ? null
            : closedStatuses.Any(s => string.Equals(s, StatusId, StringComparison.OrdinalIgnoreCase) || string.Equals(s, StatusName, StringComparison.OrdinalIgnoreCase)));

    /// <summary>This event with what a follow-up read of the ticket said filled in (the event's own values win).</summary>
    public PsaTicketEvent Merge(PsaTicketEvent fetched) => this with
    {
        Subject = Subject ?? fetched.Subject,
        Description = Description ?? fetched.Description,
        Client = Client ?? fetched.Client,
        ClientId = ClientId ?? fetched.ClientId,
        Technician = Technician ?? fetched.Technician,
        Closed = Closed ?? fetched.Closed,
        StatusId = StatusId ?? fetched.StatusId,
        StatusName = StatusName ?? fetched.StatusName,
        OpenedAt = OpenedAt ?? fetched.OpenedAt,
        ClosedAt = ClosedAt ?? fetched.ClosedAt,
        EventAt = EventAt ?? fetched.EventAt,
        Fields = Fields.Count > 0 ? Fields.Concat(fetched.Fields.Where(f => Fields.All(g => g.Name != f.Name))).ToList() : fetched.Fields,
        NeedsFetch = false,
    };
}
