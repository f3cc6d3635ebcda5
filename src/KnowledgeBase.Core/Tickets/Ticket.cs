namespace KnowledgeBase.Core.Tickets;

/// <summary>
/// A service-desk ticket as the PSA reports it. Only what the metrics need is kept; customer details stay in the PSA.
/// A reopened ticket has no <see cref="ClosedAt"/>, so it counts in the period of its final close only.
/// </summary>
public sealed class Ticket
{
    public const int MaxSystemLength = 64;
    public const int MaxInstanceLength = 128;
    public const int MaxExternalIdLength = 128;
    public const int MaxSubjectLength = 500;
    public const int MaxDescriptionLength = 10_000;
    public const int MaxNameLength = 200;

    public long Id { get; init; }
    public required string System { get; init; }
    public required string Instance { get; init; }
    public required string ExternalId { get; init; }
    public required string Subject { get; set; }
    public string? Description { get; set; }
    public string? CategoryId { get; set; }
    /// <summary>The MSP's customer (e.g. "Contoso Dental").</summary>
    public string? Client { get; set; }
    public string? Technician { get; set; }
    public TicketStatus Status { get; set; }
    public DateTime OpenedAt { get; set; }
    public DateTime? ClosedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    public TicketKey Key => new(System, Instance, ExternalId);
}
