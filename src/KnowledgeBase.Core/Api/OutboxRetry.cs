namespace KnowledgeBase.Core.Api;

/// <summary>
/// When a failed outbox delivery (a webhook, a PSA write-back) is tried again: after <c>retryBase × 2^(attempts−1)</c>,
/// capped at an hour, until <see cref="MaxAttempts"/>.
/// </summary>
public static class OutboxRetry
{
    public const int MaxAttempts = 10;

    public static TimeSpan Delay(TimeSpan retryBase, int attempts) =>
        TimeSpan.FromTicks(Math.Min(TimeSpan.FromHours(1).Ticks, retryBase.Ticks * (1L << Math.Clamp(attempts - 1, 0, 20))));

    /// <summary>The status after an attempt: delivered, or pending until the attempts run out.</summary>
    public static DeliveryStatus StatusAfter(bool success, int attempts) =>
        success ? DeliveryStatus.Delivered : attempts >= MaxAttempts ? DeliveryStatus.Failed : DeliveryStatus.Pending;
}
