namespace KnowledgeBase.Core.Notifications;

/// <summary>
/// When a person's waiting notifications are sent (all times UTC): immediate ones at once; a daily digest at the digest
/// hour after the oldest waiting one; a weekly digest at the digest hour of the digest day after it. The weekly queue
/// digest is made at that weekly moment too. Derived from the waiting rows alone, so every node agrees without state.
/// </summary>
public static class DigestSchedule
{
    public static DateTime DueAt(NotificationFrequency frequency, DateTime oldestWaiting, int hourUtc, DayOfWeek weeklyDay) => frequency switch
    {
        NotificationFrequency.DailyDigest => NextDaily(oldestWaiting, hourUtc),
        NotificationFrequency.WeeklyDigest => NextWeekly(oldestWaiting, hourUtc, weeklyDay),
        NotificationFrequency.Off => DateTime.MaxValue,
        _ => oldestWaiting,
    };

    /// <summary>The first digest hour strictly after <paramref name="after"/>.</summary>
    public static DateTime NextDaily(DateTime after, int hourUtc)
    {
        var candidate = DateTime.SpecifyKind(after.Date.AddHours(hourUtc), DateTimeKind.Utc);
        return candidate > after ? candidate : candidate.AddDays(1);
    }

    /// <summary>The first digest hour of <paramref name="day"/> strictly after <paramref name="after"/>.</summary>
    public static DateTime NextWeekly(DateTime after, int hourUtc, DayOfWeek day)
    {
        var candidate = DateTime.SpecifyKind(after.Date.AddDays(((int)day - (int)after.DayOfWeek + 7) % 7).AddHours(hourUtc), DateTimeKind.Utc);
        return candidate > after ? candidate : candidate.AddDays(7);
    }

    /// <summary>The latest weekly moment at or before <paramref name="now"/>: the week a weekly queue digest belongs to.</summary>
    public static DateTime LastWeekly(DateTime now, int hourUtc, DayOfWeek day) => NextWeekly(now, hourUtc, day).AddDays(-7);
}
