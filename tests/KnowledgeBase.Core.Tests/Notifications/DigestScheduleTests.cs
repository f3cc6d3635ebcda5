using KnowledgeBase.Core.Notifications;

namespace KnowledgeBase.Core.Tests.Notifications;

public sealed class DigestScheduleTests
{
    private static DateTime Utc(int day, int hour, int minute = 0) => new(2026, 12, day, hour, minute, 0, DateTimeKind.Utc);

    [Fact]
    public void A_daily_digest_falls_due_at_the_first_digest_hour_after_the_oldest_waiting_notification()
    {
        Assert.Equal(Utc(7, 7), DigestSchedule.DueAt(NotificationFrequency.DailyDigest, Utc(6, 13, 40), 7, DayOfWeek.Monday));
        Assert.Equal(Utc(6, 7), DigestSchedule.DueAt(NotificationFrequency.DailyDigest, Utc(6, 6, 59), 7, DayOfWeek.Monday));
        // Exactly at the hour: that digest has just been made, the next one is tomorrow's.
        Assert.Equal(Utc(7, 7), DigestSchedule.DueAt(NotificationFrequency.DailyDigest, Utc(6, 7), 7, DayOfWeek.Monday));
    }

    [Fact]
    public void A_weekly_digest_falls_due_on_the_digest_day_after_the_oldest_waiting_notification()
    {
        // 2026-12-06 is a Sunday: the next Monday 07:00 is the 7th; from Monday 08:00 it is the 14th.
        Assert.Equal(Utc(7, 7), DigestSchedule.DueAt(NotificationFrequency.WeeklyDigest, Utc(6, 13), 7, DayOfWeek.Monday));
        Assert.Equal(Utc(14, 7), DigestSchedule.DueAt(NotificationFrequency.WeeklyDigest, Utc(7, 8), 7, DayOfWeek.Monday));
    }

    [Fact]
    public void Immediate_is_due_at_once_and_off_never()
    {
        Assert.Equal(Utc(6, 13), DigestSchedule.DueAt(NotificationFrequency.Immediate, Utc(6, 13), 7, DayOfWeek.Monday));
        Assert.Equal(DateTime.MaxValue, DigestSchedule.DueAt(NotificationFrequency.Off, Utc(6, 13), 7, DayOfWeek.Monday));
    }

    [Fact]
    public void The_week_of_a_weekly_queue_digest_is_the_latest_digest_moment_not_after_now()
    {
        Assert.Equal(new DateTime(2026, 11, 30, 7, 0, 0, DateTimeKind.Utc), DigestSchedule.LastWeekly(Utc(6, 13), 7, DayOfWeek.Monday));
        Assert.Equal(Utc(7, 7), DigestSchedule.LastWeekly(Utc(7, 7), 7, DayOfWeek.Monday));
        Assert.Equal(Utc(7, 7), DigestSchedule.LastWeekly(Utc(7, 8), 7, DayOfWeek.Monday));
    }
}
