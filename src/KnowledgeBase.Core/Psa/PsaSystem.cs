namespace KnowledgeBase.Core.Psa;

/// <summary>The PSA products the knowledge base receives events from, embeds in and writes notes back to.</summary>
public enum PsaSystem
{
    ConnectWise = 0,
    Autotask = 1,
    Halo = 2,
}

public static class PsaSystems
{
    public static readonly IReadOnlyList<PsaSystem> All = [PsaSystem.ConnectWise, PsaSystem.Autotask, PsaSystem.Halo];

    /// <summary>The ticket key's system (<see cref="Tickets.TicketKey.System"/>) for tickets of this PSA, as the API and the site already use it.</summary>
    public static string Wire(this PsaSystem system) => system switch
    {
        PsaSystem.ConnectWise => "connectwise",
        PsaSystem.Autotask => "autotask",
        PsaSystem.Halo => "halo",
        _ => system.ToString().ToLowerInvariant(),
    };

    /// <summary>The product's own name.</summary>
    public static string Display(this PsaSystem system) => system switch
    {
        PsaSystem.ConnectWise => "ConnectWise PSA",
        PsaSystem.Autotask => "Autotask",
        PsaSystem.Halo => "HaloPSA",
        _ => system.ToString(),
    };

    public static bool TryParse(string? value, out PsaSystem system)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(value?.Trim(), candidate.Wire(), StringComparison.OrdinalIgnoreCase) || string.Equals(value?.Trim(), candidate.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                system = candidate;
                return true;
            }
        }
        system = default;
        return false;
    }

    /// <summary>Status values that mean closed when an instance does not say otherwise: Autotask's Complete (5), HaloPSA's Closed (9). ConnectWise says so itself (closedFlag).</summary>
    public static string DefaultClosedStatuses(this PsaSystem system) => system switch
    {
        PsaSystem.Autotask => "5",
        PsaSystem.Halo => "9",
        _ => "",
    };

    /// <summary>The ticket fields a category mapping row may match, by PSA (their own names for boards, queues and types).</summary>
    public static IReadOnlyList<string> CategoryFields(this PsaSystem system) => system switch
    {
        PsaSystem.ConnectWise => ["board", "type", "subtype", "item"],
        PsaSystem.Autotask => ["queue", "issuetype", "subissuetype", "category", "tickettype"],
        PsaSystem.Halo => ["tickettype", "team", "category"],
        _ => [],
    };
}
