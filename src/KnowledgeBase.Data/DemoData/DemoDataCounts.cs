namespace KnowledgeBase.Data.DemoData;

/// <summary>What a demo run wrote; <see cref="FirstTicketSubject"/> lets a test check the run is deterministic.
/// <see cref="CategoriesAssigned"/>: categories given to the accounts found (<see cref="DemoOwnership"/>).</summary>
public sealed record DemoDataCounts(int Tickets, int Links, int Searches, int Flags, int ArticlesBackdated, string FirstTicketSubject, int CategoriesAssigned = 0);
