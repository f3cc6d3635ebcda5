using KnowledgeBase.Core.Reports;

namespace KnowledgeBase.Core.Tests.Reports;

public sealed class IsoWeeksTests
{
    [Theory]
    [InlineData("2026-01-01T12:00:00Z", "2025-12-29", "2026-W01")] // Thursday: W01 of 2026 starts in 2025
    [InlineData("2027-01-01T00:00:00Z", "2026-12-28", "2026-W53")] // Friday: still the last week of 2026
    [InlineData("2026-03-02T00:00:00Z", "2026-03-02", "2026-W10")] // Monday 00:00 starts its own week
    [InlineData("2026-03-01T23:59:59Z", "2026-02-23", "2026-W09")] // Sunday belongs to the week before
    public void A_week_starts_on_monday_utc_and_is_labelled_by_its_iso_year(string instant, string monday, string label)
    {
        var start = IsoWeeks.StartOf(DateTime.Parse(instant, null, System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal));
        Assert.Equal(DateTime.Parse(monday, null, System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal), start);
        Assert.Equal(DateTimeKind.Utc, start.Kind);
        Assert.Equal(label, IsoWeeks.Label(start));
    }

    [Fact]
    public void Rates_with_nothing_counted_are_zero_not_NaN()
    {
        Assert.Equal(0, Rates.Of(0, 0));
        Assert.Equal((0.0, 0.0, 0.0), (ReuseCounts.Empty.LinkRate, ReuseCounts.Empty.ReuseRate, ReuseCounts.Empty.CreateRate));
        Assert.Equal(0.5, new SearchStats(4, 2, 2).SuccessRate);
    }
}
