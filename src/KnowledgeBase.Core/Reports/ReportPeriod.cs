namespace KnowledgeBase.Core.Reports;

/// <summary>A half-open UTC interval [From, To): a ticket closed exactly at <see cref="To"/> belongs to the next period.</summary>
public sealed record ReportPeriod
{
    public ReportPeriod(DateTime from, DateTime to)
    {
        From = AsUtc(from);
        To = AsUtc(to);
        if (To < From) throw new ArgumentException($"The period ends ({To:O}) before it starts ({From:O}).", nameof(to));
    }

    public DateTime From { get; }
    public DateTime To { get; }

    /// <summary>The <paramref name="days"/> days up to <paramref name="now"/>.</summary>
    public static ReportPeriod LastDays(DateTime now, int days) => new(AsUtc(now).AddDays(-days), AsUtc(now));

    private static DateTime AsUtc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => value,
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
    };
}
