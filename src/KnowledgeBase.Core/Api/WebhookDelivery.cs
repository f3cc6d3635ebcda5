namespace KnowledgeBase.Core.Api;

public enum DeliveryStatus
{
    Pending = 0,
    Delivered = 1,
    Failed = 2,
}

/// <summary>
/// One event for one subscription in the durable outbox: created by the dispatcher that follows the change log, retried
/// with exponential backoff until the receiver answers 2xx or the attempts run out. Unique per (subscription, event).
/// </summary>
public sealed class WebhookDelivery
{
    public long Id { get; init; }
    public long SubscriptionId { get; init; }
    /// <summary>The <c>webhook-id</c>: the change-log sequence, or "link-{id}" for ticket links.</summary>
    public required string EventId { get; init; }
    public required string EventType { get; init; }
    /// <summary>The JSON envelope, exactly as signed and sent on every attempt.</summary>
    public required string Payload { get; init; }
    public DateTime CreatedAt { get; init; }
    public DeliveryStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTime NextAttemptAt { get; set; }
    public int? LastStatusCode { get; set; }
    public string? LastError { get; set; }
    public DateTime? DeliveredAt { get; set; }
    /// <summary>The node sending it right now; another node may send it only after <see cref="ClaimedUntil"/> (UTC).</summary>
    public string? ClaimedBy { get; set; }
    public DateTime? ClaimedUntil { get; set; }
}
