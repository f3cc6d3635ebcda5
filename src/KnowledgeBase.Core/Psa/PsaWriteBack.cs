using KnowledgeBase.Core.Api;

namespace KnowledgeBase.Core.Psa;

/// <summary>
/// An internal note to post to a PSA ticket ("solved with knowledge article …"), queued in the same transaction as the
/// resolved link and delivered by the write-back dispatcher with retries (docs/psa.md "Write-back"). One per link.
/// Claimed before it is sent, like a webhook delivery, so two nodes never post the same note at once.
/// </summary>
public sealed class PsaWriteBack
{
    public long Id { get; init; }
    public long InstanceId { get; init; }
    public required string TicketId { get; init; }
    public long LinkId { get; init; }
    public required string ArticleId { get; init; }
    public required string ArticleTitle { get; init; }
    public required string LinkedBy { get; init; }
    public DateTime CreatedAt { get; init; }
    public DeliveryStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTime NextAttemptAt { get; set; }
    public int? LastStatusCode { get; set; }
    public string? LastError { get; set; }
    public DateTime? DeliveredAt { get; set; }
    /// <summary>The note's id in the PSA, when it said.</summary>
    public string? RemoteId { get; set; }
    public string? ClaimedBy { get; set; }
    public DateTime? ClaimedUntil { get; set; }
}
