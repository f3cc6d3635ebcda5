namespace KnowledgeBase.Core.Api;

/// <summary>One HTTP attempt of a delivery: the per-subscription delivery log.</summary>
public sealed class WebhookAttempt
{
    public long Id { get; init; }
    public long SubscriptionId { get; init; }
    public long? DeliveryId { get; init; }
    public required string EventId { get; init; }
    public required string EventType { get; init; }
    public DateTime AttemptedAt { get; init; }
    /// <summary>The receiver's status code; null when no answer came (timeout, refused, redirect refused).</summary>
    public int? StatusCode { get; init; }
    public string? Error { get; init; }
    public int DurationMs { get; init; }
}
