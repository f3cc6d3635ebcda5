using KnowledgeBase.Core.Tickets;

namespace KnowledgeBase.Core.Reports;

/// <summary>
/// Restricts a report to the tickets that match every value it holds: at most one owner, category, client and
/// technician, e.g. owner "dana.okafor" and technician "alex" (a participation row of dana's dashboard).
/// <see cref="ReportKeys.None"/> selects the tickets without that value. <see cref="Source"/> narrows the search
/// figures only (a ticket has no source).
/// </summary>
public sealed record ReportFilter
{
    public ReportFilter(ReportSlice slice, string value) => Set(slice, value);

    private ReportFilter(SearchSource source) => Source = source;

    /// <summary>Only the searches run from this source; null: every source.</summary>
    public SearchSource? Source { get; private init; }

    public string? Owner { get; private set; }
    public string? Category { get; private set; }
    public string? Client { get; private set; }
    public string? Technician { get; private set; }

    /// <summary>The value of one slice, or null when this filter does not restrict it.</summary>
    public string? this[ReportSlice slice] => slice switch
    {
        ReportSlice.Owner => Owner,
        ReportSlice.Category => Category,
        ReportSlice.Client => Client,
        ReportSlice.Technician => Technician,
        _ => throw new ArgumentOutOfRangeException(nameof(slice), slice, "Unknown slice."),
    };

    /// <summary>Every restriction, in the order of <see cref="ReportSlice"/>.</summary>
    public IReadOnlyList<(ReportSlice Slice, string Value)> Conditions =>
        Enum.GetValues<ReportSlice>().Where(s => this[s] is not null).Select(s => (s, this[s]!)).ToList();

    /// <summary>This filter narrowed by one more value (replacing this filter's value of the same slice).</summary>
    public ReportFilter And(ReportSlice slice, string value)
    {
        var narrowed = this with { };
        narrowed.Set(slice, value);
        return narrowed;
    }

    /// <summary><paramref name="filter"/> narrowed by one more value; a filter of that value alone when there is none.</summary>
    public static ReportFilter Combine(ReportFilter? filter, ReportSlice slice, string value) =>
        filter is null ? new ReportFilter(slice, value) : filter.And(slice, value);

    /// <summary><paramref name="filter"/> with its searches narrowed to one source (or to none: every source); null when nothing is left to filter.</summary>
    public static ReportFilter? WithSource(ReportFilter? filter, SearchSource? source)
    {
        if (filter is null) return source is { } only ? new ReportFilter(only) : null;
        var narrowed = filter with { Source = source };
        return narrowed.Conditions.Count == 0 && source is null ? null : narrowed;
    }

    public override string ToString() => string.Join(", ", Conditions.Select(c => $"{c.Slice.ToString().ToLowerInvariant()} {c.Value}")
        .Concat(Source is { } source ? [$"source {source.Wire()}"] : []));

    private void Set(ReportSlice slice, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        switch (slice)
        {
            case ReportSlice.Owner: Owner = value; break;
            case ReportSlice.Category: Category = value; break;
            case ReportSlice.Client: Client = value; break;
            case ReportSlice.Technician: Technician = value; break;
            default: throw new ArgumentOutOfRangeException(nameof(slice), slice, "Unknown slice.");
        }
    }
}
