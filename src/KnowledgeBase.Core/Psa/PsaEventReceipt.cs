namespace KnowledgeBase.Core.Psa;

/// <summary>
/// A vendor event the receiver accepted, kept so that the same delivery (a vendor's retry or a replay) is applied once
/// and an older event of a ticket never overwrites a newer one. Unique per instance and body digest.
/// </summary>
public sealed class PsaEventReceipt
{
    public long Id { get; init; }
    public long InstanceId { get; init; }
    /// <summary>SHA-256 of the raw body, hex.</summary>
    public required string Digest { get; init; }
    public required string TicketId { get; init; }
    /// <summary>When the PSA says the change happened (its event time or last-updated stamp), when it says.</summary>
    public DateTime? EventAt { get; init; }
    public DateTime ReceivedAt { get; init; }
    public required string Outcome { get; init; }
}
