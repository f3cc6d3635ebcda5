namespace KnowledgeBase.Core.Tickets;

/// <summary>The stored ticket and whether the upsert created it (201) or updated it (200).</summary>
public sealed record TicketUpsertResult(Ticket Ticket, bool Created);
