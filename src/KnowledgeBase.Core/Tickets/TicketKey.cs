namespace KnowledgeBase.Core.Tickets;

/// <summary>How a PSA knows a ticket: source system ("connectwise"), instance ("acme.myconnectwise.net") and its own id.</summary>
public sealed record TicketKey(string System, string Instance, string ExternalId)
{
    public override string ToString() => $"{System}/{Instance}/{ExternalId}";
}
