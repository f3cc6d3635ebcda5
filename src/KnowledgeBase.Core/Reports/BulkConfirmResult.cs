namespace KnowledgeBase.Core.Reports;

/// <summary>Which articles a bulk confirm reviewed, and why the others were skipped (id → reason).</summary>
public sealed record BulkConfirmResult(IReadOnlyList<string> Confirmed, IReadOnlyDictionary<string, string> Skipped);
