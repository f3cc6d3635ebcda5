namespace KnowledgeBase.Core.Notifications;

/// <summary>The message shape a chat incoming webhook accepts.</summary>
public enum ChatFormat
{
    /// <summary>Microsoft Teams: an Adaptive Card in a "message" with attachments (Workflows webhooks and the older connectors).</summary>
    Teams = 0,
    /// <summary>Slack: <c>text</c> plus <c>blocks</c> (incoming webhooks).</summary>
    Slack = 1,
}
