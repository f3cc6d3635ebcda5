namespace KnowledgeBase.Data.Notifications;

/// <summary>Preferences that cannot be saved, with a message per field (the profile page shows each next to its field).</summary>
public sealed class NotificationPreferenceException(IReadOnlyDictionary<string, string> errors)
    : Exception(string.Join(" ", errors.Values))
{
    public IReadOnlyDictionary<string, string> Errors { get; } = errors;
}
