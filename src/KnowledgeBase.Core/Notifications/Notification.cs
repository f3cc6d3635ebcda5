namespace KnowledgeBase.Core.Notifications;

/// <summary>
/// Something one person should hear about, written in the same transaction as the event (a flag, a proposal, a
/// decision) and turned into messages (<see cref="NotificationMessage"/>) by the dispatcher: at once, or in the person's
/// daily or weekly digest. The words are copied here when the event happens, so a message says what happened then.
/// </summary>
public sealed class Notification
{
    public const int MaxTextLength = 2000;

    public long Id { get; init; }
    /// <summary>The account told (an internal, enabled account when written).</summary>
    public required string UserId { get; init; }
    public NotificationKind Kind { get; init; }
    public string? ArticleId { get; init; }
    public string ArticleTitle { get; init; } = "";
    /// <summary>The flag or proposal this is about, when there is one.</summary>
    public long? SubjectId { get; init; }
    /// <summary>Who did it (their sign-in name).</summary>
    public string Actor { get; init; } = "";
    /// <summary>The flag's reason and comment, the rejection's reason, the resolution; for the weekly queue, one line per article.</summary>
    public string Detail { get; init; } = "";
    public DateTime CreatedAt { get; init; }
    /// <summary>Once per (kind, person, period) keys, e.g. the weekly queue digest of a week; null for events.</summary>
    public string? DedupeKey { get; init; }
    /// <summary>When it was put into a message (or skipped); null while it waits for its person's next message.</summary>
    public DateTime? ComposedAt { get; set; }
    /// <summary>What became of it: "sent", "sent in the daily digest", or why nothing was sent.</summary>
    public string? Outcome { get; set; }
}
