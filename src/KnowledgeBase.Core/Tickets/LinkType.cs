namespace KnowledgeBase.Core.Tickets;

/// <summary>
/// How an article served a ticket. The values are ordered: a link only ever moves up (reference → resolved), and an
/// article created from the ticket stays <see cref="Created"/>.
/// </summary>
public enum LinkType
{
    Reference = 0,
    Resolved = 1,
    Created = 2,
}
