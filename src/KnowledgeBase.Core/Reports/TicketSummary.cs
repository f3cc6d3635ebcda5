namespace KnowledgeBase.Core.Reports;

/// <summary>A ticket in a drill-down list.</summary>
public sealed record TicketSummary(long Id, string System, string Instance, string ExternalId, string Subject, string? CategoryId,
    string? Client, string? Technician, DateTime OpenedAt, DateTime? ClosedAt);
