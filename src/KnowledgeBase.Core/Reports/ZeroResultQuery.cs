namespace KnowledgeBase.Core.Reports;

/// <summary>A content gap: a normalized query that found nothing, how often, in which category (or <see cref="ReportKeys.None"/>).</summary>
public sealed record ZeroResultQuery(string Category, string NormalizedQuery, long Searches, DateTime LastSearchedAt);
