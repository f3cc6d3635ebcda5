using KnowledgeBase.Core.Tickets;

namespace KnowledgeBase.Core.Reports;

/// <summary>A live ticket ↔ article link in a drill-down list (the links behind resolution effectiveness).</summary>
public sealed record LinkSummary(long LinkId, TicketSummary Ticket, string ArticleId, string ArticleTitle, LinkType Type, string LinkedBy, DateTime LinkedAt);
