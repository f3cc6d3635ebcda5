namespace KnowledgeBase.Web.Notifications;

/// <summary>The <c>Notifications</c> section (docs/notifications.md "Settings"); the mail relay is <c>Notifications:Smtp</c>.</summary>
public sealed class NotificationOptions
{
    public const string Section = "Notifications";

    /// <summary>The hour (UTC, 0–23) daily and weekly digests and the weekly queue digest are sent.</summary>
    public int DigestHourUtc { get; set; } = 7;
    /// <summary>The day of weekly digests and of the weekly queue digest.</summary>
    public DayOfWeek WeeklyDigestDay { get; set; } = DayOfWeek.Monday;
    /// <summary>How often the dispatcher looks for work when nothing on this node signals it.</summary>
    public double PollSeconds { get; set; } = 2;
    /// <summary>First retry delay of a message that failed; each further retry waits twice as long (capped at an hour, 10 attempts).</summary>
    public double RetryBaseSeconds { get; set; } = 30;
    /// <summary>How long a node may take to send a claimed message before another node may (at least 2 × the SMTP or chat timeout + 5 s).</summary>
    public double ClaimSeconds { get; set; } = 120;
    /// <summary>How often the weekly queue digest is looked for again in its week (someone's queue may have nothing new at first).</summary>
    public double QueueScanSeconds { get; set; } = 3600;
    /// <summary>Per chat webhook post.</summary>
    public double ChatTimeoutSeconds { get; set; } = 10;
}
