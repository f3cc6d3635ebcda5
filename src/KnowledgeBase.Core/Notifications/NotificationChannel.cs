namespace KnowledgeBase.Core.Notifications;

/// <summary>Where a message goes.</summary>
public enum NotificationChannel
{
    Email = 0,
    Chat = 1,
}
