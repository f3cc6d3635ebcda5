using KnowledgeBase.Core.Articles;

namespace KnowledgeBase.Core.Api;

/// <summary>
/// A receiver of signed webhook events. The secret signs every delivery (Standard Webhooks) and is shown once; signing
/// needs it back, so it is stored encrypted (not hashed) — <see cref="Secret"/> is the stored form. A subscription of a
/// Customer-audience key never receives Internal articles.
/// </summary>
public sealed class WebhookSubscription
{
    /// <summary>The most live subscriptions one API key may hold: enough for every event to several receivers, not a flood.</summary>
    public const int MaxPerKey = 25;

    public const int MaxUrlLength = 2000;

    public long Id { get; init; }
    public required string Url { get; set; }
    /// <summary>Comma-separated <see cref="WebhookEvents"/>.</summary>
    public required string Events { get; set; }
    /// <summary>The signing secret as stored: encrypted (<c>dp1.…</c>), or in clear when an earlier version wrote it.</summary>
    public required string Secret { get; init; }
    public Audience Audience { get; init; }
    /// <summary>The client key of a Customer-audience subscription (its key's client): it hears only of that client's and global articles.</summary>
    public string? Client { get; set; }

    /// <summary>Who the subscription reads as, at delivery time (<see cref="Access.AccessPolicy.ReaderMayHear"/>).</summary>
    public Access.Reader Reader => new(Audience, Client);
    /// <summary>The API key that created it (null when created in the UI).</summary>
    public long? OwnerKeyId { get; init; }
    public required string CreatedBy { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime? DeletedAt { get; set; }

    public IReadOnlyList<string> EventList => Events.Split(',', StringSplitOptions.RemoveEmptyEntries);

    public bool Wants(string eventType) => EventList.Contains(eventType);
}
