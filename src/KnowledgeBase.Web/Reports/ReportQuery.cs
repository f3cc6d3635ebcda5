using System.Globalization;
using KnowledgeBase.Core.Reports;
using Microsoft.Extensions.Primitives;

namespace KnowledgeBase.Web.Reports;

/// <summary>
/// What every report page and CSV export reads from the query string: a UTC date range (both days included; default
/// the last 90 days), the slice rows are grouped by (<c>by</c>) and a filter of any of <c>owner</c>, <c>category</c>,
/// <c>client</c> and <c>technician</c> (a ticket matches all that are given), plus <c>source</c> for the search figures. Pages and exports parse it the same way,
/// so a CSV link exports what the page shows and a drill-down lists what its number counts.
/// </summary>
/// <param name="Error">Values of the address that could not be used (each named); the page answers 400 and the export refuses.</param>
/// <param name="Notice">Values that were usable but adjusted (dates swapped, a period shortened): said, not refused.</param>
public sealed record ReportQuery(DateOnly From, DateOnly To, ReportSlice By, ReportFilter? Filter, string? Error = null, string? Notice = null)
{
    public const int DefaultDays = 90;
    public const int MaxDays = 731;

    public ReportPeriod Period => new(From.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), To.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));

    public static ReportQuery Parse(IEnumerable<KeyValuePair<string, StringValues>> query, DateTime utcNow)
    {
        var values = query.ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        string? Get(string key) => values.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;

        var errors = new List<string>();
        var notices = new List<string>();
        var today = DateOnly.FromDateTime(utcNow);
        var to = ParseDate(Get("to"), "to", errors) ?? today;
        var from = ParseDate(Get("from"), "from", errors) ?? to.AddDays(-(DefaultDays - 1));
        if (from > to)
        {
            notices.Add("The period starts after it ends; the dates were swapped.");
            (from, to) = (to, from);
        }
        if (to.DayNumber - from.DayNumber + 1 > MaxDays)
        {
            notices.Add($"A report covers at most {MaxDays} days; the start was moved.");
            from = to.AddDays(-(MaxDays - 1));
        }

        var by = ReportSlice.Owner;
        if (Get("by") is { } byText && !TryParseSlice(byText, out by))
        {
            errors.Add($"'{Components.Shared.QueryValue.Short(byText)}' is not a grouping for by (owner, category, client or technician); owner is used.");
            by = ReportSlice.Owner;
        }

        ReportFilter? filter = null;
        foreach (var slice in Enum.GetValues<ReportSlice>())
        {
            if (Get(SliceName(slice)) is not { } value) continue;
            if (value.Length > MaxFilterLength) errors.Add($"The {SliceName(slice)} filter is longer than {MaxFilterLength} characters; it was left out.");
            else filter = ReportFilter.Combine(filter, slice, value);
        }
        if (Get("source") is { } sourceText)
        {
            if (KnowledgeBase.Core.Tickets.SearchSources.TryParse(sourceText, out var source)) filter = ReportFilter.WithSource(filter, source);
            else errors.Add($"'{Components.Shared.QueryValue.Short(sourceText)}' is not a search source ({KnowledgeBase.Core.Tickets.SearchSources.Names}); every source is counted.");
        }
        CheckDrillDownValues(Get, errors);
        return new ReportQuery(from, to, by, filter, errors.Count == 0 ? null : string.Join(" ", errors), notices.Count == 0 ? null : string.Join(" ", notices));
    }

    /// <summary>The longest owner, category, client or technician a filter takes (the longest stored is 200).</summary>
    public const int MaxFilterLength = 200;

    /// <summary>The most rows a drill-down may skip.</summary>
    public const int MaxOffset = 1_000_000;

    /// <summary>
    /// The drill-downs' own values, checked here so every report page and export says what is wrong with its address the
    /// same way (each drill-down then reads them, falling back to its default for a value this refused).
    /// </summary>
    private static void CheckDrillDownValues(Func<string, string?> get, List<string> errors)
    {
        if (get("offset") is { } offset && !(int.TryParse(offset, NumberStyles.None, CultureInfo.InvariantCulture, out var skip) && skip <= MaxOffset))
            errors.Add($"'{Components.Shared.QueryValue.Short(offset)}' is not a valid offset (a whole number from 0 to {MaxOffset:N0}); the first page is shown.");
        if (get("resolved") is { } resolved && !bool.TryParse(resolved, out _))
            errors.Add($"'{Components.Shared.QueryValue.Short(resolved)}' is not a valid value for resolved (true or false); all are shown.");
        foreach (var key in new[] { "measure", "of" })
        {
            if (get(key) is not { } measure) continue;
            var known = DrillDownQuery.OptionalEnum<TicketMeasure>(new() { [key] = measure }, key) is not null
                        || DrillDownQuery.OptionalEnum<SearchMeasure>(new() { [key] = measure }, key) is not null
                        || (key == "of" && string.Equals(measure, "all", StringComparison.OrdinalIgnoreCase));
            if (!known) errors.Add($"'{Components.Shared.QueryValue.Short(measure)}' is not a valid {key}; the default is used.");
        }
        if (get("rule") is { } rule && StaleRuleNames.Parse(rule) is null)
            errors.Add($"'{Components.Shared.QueryValue.Short(rule)}' is not a stale rule ({string.Join(", ", Enum.GetValues<StaleRule>().Select(StaleRuleNames.Key))}); every rule is shown.");
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
        if (filter?.Source is { } source) pairs.Add(("source", KnowledgeBase.Core.Tickets.SearchSources.Wire(source)));
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
        var min = Components.Shared.QueryValue.MinDate;
        var max = Components.Shared.QueryValue.MaxDate;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) && date >= min && date <= max) return date;
        errors.Add($"'{Components.Shared.QueryValue.Short(text)}' is not a date from {Format(min)} to {Format(max)} (yyyy-MM-dd) for {name}; the default was used.");
        return null;
    }
}
