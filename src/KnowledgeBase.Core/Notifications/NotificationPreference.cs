namespace KnowledgeBase.Core.Notifications;

/// <summary>A person's notification settings (the profile page). A person without a row has <see cref="Default"/>.</summary>
public sealed class NotificationPreference
{
    public const int MaxChatUrlLength = 2000;

    public required string UserId { get; init; }
    public NotificationFrequency Frequency { get; set; }
    public bool Email { get; set; } = true;
    /// <summary>An incoming-webhook URL of the person's own chat channel (Teams or Slack); null: no chat posts.</summary>
    public string? ChatWebhookUrl { get; set; }
    public ChatFormat ChatFormat { get; set; }
    /// <summary>Whether the weekly digest of what fell stale or due in my queue is sent.</summary>
    public bool WeeklyQueue { get; set; } = true;
    public DateTime UpdatedAt { get; set; }

    public static NotificationPreference Default(string userId) => new() { UserId = userId };
}
