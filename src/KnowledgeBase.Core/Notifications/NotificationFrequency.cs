namespace KnowledgeBase.Core.Notifications;

/// <summary>How often a person hears about events (a profile preference).</summary>
public enum NotificationFrequency
{
    /// <summary>A message per event, within a few seconds.</summary>
    Immediate = 0,
    /// <summary>One message a day with everything since the last one.</summary>
    DailyDigest = 1,
    /// <summary>One message a week with everything since the last one.</summary>
    WeeklyDigest = 2,
    /// <summary>Nothing (the weekly queue digest included).</summary>
    Off = 3,
}
