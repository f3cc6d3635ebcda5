using System.Globalization;
using KnowledgeBase.Core.Reports;
using Microsoft.Extensions.Primitives;

namespace KnowledgeBase.Web.Reports;

/// <summary>
/// What every report page and CSV export reads from the query string: a UTC date range (both days included; default
/// the last 90 days), the slice rows are grouped by (<c>by</c>) and a filter of any of <c>owner</c>, <c>category</c>,
/// <c>client</c> and <c>technician</c> (a ticket matches all that are given). Pages and exports parse it the same way,
/// so a CSV link exports what the page shows and a drill-down lists what its number counts.
/// </summary>
public sealed record ReportQuery(DateOnly From, DateOnly To, ReportSlice By, ReportFilter? Filter, string? Error = null)
{
    public const int DefaultDays = 90;
    public const int MaxDays = 731;

    public ReportPeriod Period => new(From.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), To.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));

    public static ReportQuery Parse(IEnumerable<KeyValuePair<string, StringValues>> query, DateTime utcNow)
    {
        var values = query.ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        string? Get(string key) => values.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;

        var errors = new List<string>();
        var today = DateOnly.FromDateTime(utcNow);
        var to = ParseDate(Get("to"), "to", errors) ?? today;
        var from = ParseDate(Get("from"), "from", errors) ?? to.AddDays(-(DefaultDays - 1));
        if (from > to)
        {
            errors.Add("The period starts after it ends; the dates were swapped.");
            (from, to) = (to, from);
        }
        if (to.DayNumber - from.DayNumber + 1 > MaxDays)
        {
            errors.Add($"A report covers at most {MaxDays} days; the start was moved.");
            from = to.AddDays(-(MaxDays - 1));
        }

        var by = ReportSlice.Owner;
        if (Get("by") is { } byText && !TryParseSlice(byText, out by))
        {
            errors.Add($"Unknown grouping '{byText}'.");
            by = ReportSlice.Owner;
        }

        ReportFilter? filter = null;
        foreach (var slice in Enum.GetValues<ReportSlice>())
        {
            if (Get(SliceName(slice)) is { } value) filter = ReportFilter.Combine(filter, slice, value);
        }
        return new ReportQuery(from, to, by, filter, errors.Count == 0 ? null : string.Join(" ", errors));
    }

    /// <summary>The query string of this report (period and filter), with <paramref name="extra"/> pairs added (null values left out).</summary>
    public string With(params (string Key, string? Value)[] extra) => WithFilter(Filter, extra);

    /// <summary>This report narrowed to one more slice value: the query of a table row's drill-downs.</summary>
    public ReportQuery Narrow(ReportSlice slice, string value) => this with { Filter = ReportFilter.Combine(Filter, slice, value) };

    /// <summary>The same period with another filter (or none).</summary>
    public string WithFilter(ReportFilter? filter, params (string Key, string? Value)[] extra)
    {
        var pairs = new List<(string Key, string? Value)> { ("from", Format(From)), ("to", Format(To)) };
        foreach (var (slice, value) in filter?.Conditions ?? []) pairs.Add((SliceName(slice), value));
        pairs.AddRange(extra);
        return string.Join('&', pairs.Where(p => p.Value is not null).Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value!)}"));
    }

    public static string SliceName(ReportSlice slice) => slice.ToString().ToLowerInvariant();

    public static bool TryParseSlice(string? text, out ReportSlice slice) =>
        Enum.TryParse(text, ignoreCase: true, out slice) && Enum.IsDefined(slice) && !int.TryParse(text, out _);

    public static string Format(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly? ParseDate(string? text, string name, List<string> errors)
    {
        if (text is null) return null;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date;
        errors.Add($"'{text}' is not a date (yyyy-MM-dd) for {name}; the default was used.");
        return null;
    }
}
