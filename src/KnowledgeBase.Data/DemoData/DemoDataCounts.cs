namespace KnowledgeBase.Data.DemoData;

/// <summary>What a demo run wrote; <see cref="FirstTicketSubject"/> lets a test check the run is deterministic.</summary>
public sealed record DemoDataCounts(int Tickets, int Links, int Searches, int Flags, int ArticlesBackdated, string FirstTicketSubject);
