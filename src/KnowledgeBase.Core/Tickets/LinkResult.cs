namespace KnowledgeBase.Core.Tickets;

/// <summary>
/// The outcome of a link request: <see cref="Created"/> is false when the pair was already linked (the API answers 200
/// instead of 201); <see cref="Upgraded"/> when the type moved up; <see cref="Reviewed"/> when it counted as a review.
/// </summary>
public sealed record LinkResult(TicketLink Link, bool Created, bool Upgraded, bool Reviewed);
