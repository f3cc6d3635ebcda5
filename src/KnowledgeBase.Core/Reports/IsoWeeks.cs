namespace KnowledgeBase.Core.Reports;

/// <summary>ISO-8601 weeks in UTC: a week starts on Monday 00:00 UTC and belongs to the year of its Thursday.</summary>
public static class IsoWeeks
{
    public static DateTime StartOf(DateTime utc)
    {
        var daysSinceMonday = ((int)utc.DayOfWeek + 6) % 7;
        return DateTime.SpecifyKind(utc.Date.AddDays(-daysSinceMonday), DateTimeKind.Utc);
    }

    /// <summary>The Monday of every ISO week that overlaps <paramref name="period"/>, oldest first.</summary>
    public static IReadOnlyList<DateTime> Covering(ReportPeriod period)
    {
        var weeks = new List<DateTime>();
        for (var week = StartOf(period.From); week < period.To; week = week.AddDays(7))
            weeks.Add(week);
        return weeks;
    }

    /// <summary>"2026-W01": the ISO year and week number of the week starting at <paramref name="monday"/>.</summary>
    public static string Label(DateTime monday) =>
        $"{System.Globalization.ISOWeek.GetYear(monday):D4}-W{System.Globalization.ISOWeek.GetWeekOfYear(monday):D2}";
}
