using KnowledgeBase.Core.Api;

namespace KnowledgeBase.Core.Notifications;

/// <summary>
/// One message to send — an e-mail to a person or a post to their chat webhook — holding one notification or a digest
/// of several. The outbox row: claimed before it is sent, retried on the shared schedule (<see cref="OutboxRetry"/>),
/// its last error kept for Admins (docs/notifications.md).
/// </summary>
public sealed class NotificationMessage
{
    public const int MaxSubjectLength = 300;
    public const int MaxDestinationLength = 2000;

    public long Id { get; init; }
    public required string UserId { get; init; }
    public NotificationChannel Channel { get; init; }
    /// <summary>The e-mail address, or the chat webhook's URL (shown to Admins without its path).</summary>
    public required string Destination { get; init; }
    public ChatFormat? ChatFormat { get; init; }
    public required string Subject { get; init; }
    /// <summary>E-mail: the plain-text body; chat: the JSON body posted.</summary>
    public required string Body { get; init; }
    /// <summary>E-mail: the HTML alternative.</summary>
    public string? Html { get; init; }
    /// <summary>How many notifications it carries (1, or a digest's count).</summary>
    public int Items { get; init; }
    public DateTime CreatedAt { get; init; }
    public DeliveryStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTime NextAttemptAt { get; set; }
    public int? LastStatusCode { get; set; }
    public string? LastError { get; set; }
    public DateTime? DeliveredAt { get; set; }
    public string? ClaimedBy { get; set; }
    public DateTime? ClaimedUntil { get; set; }
}
