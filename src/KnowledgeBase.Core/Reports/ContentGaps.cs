namespace KnowledgeBase.Core.Reports;

/// <summary>What technicians look for and do not find: frequent zero-result searches and closed tickets without links, by category.</summary>
public sealed record ContentGaps(IReadOnlyList<ZeroResultQuery> ZeroResultQueries, IReadOnlyList<UnlinkedTickets> UnlinkedTickets);
