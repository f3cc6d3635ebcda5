namespace KnowledgeBase.Core.Reports;

/// <summary>Restricts a report to the tickets of one slice value, e.g. owner "dana.okafor"; <see cref="ReportKeys.None"/> selects the tickets without one.</summary>
public sealed record ReportFilter(ReportSlice Slice, string Value);
