using KnowledgeBase.Core.Articles;

namespace KnowledgeBase.Data.Api;

/// <summary>A customer key's or webhook's client before and after it was set again, and what its receivers were told.</summary>
/// <param name="Withdrawn">Articles the previous client could read and the new one cannot (its webhooks that listen were sent each as article.withdrawn).</param>
/// <param name="Told">Webhooks sent those withdrawals.</param>
/// <param name="NotListening">Webhooks that do not listen for article.withdrawn (their event list leaves it out).</param>
/// <param name="ThroughKey">The change was a key's: its changes feed (/changes) lists no withdrawal for it.</param>
public sealed record ClientChange(string? Previous, string? Current, int Withdrawn = 0, int Told = 0, int NotListening = 0, bool ThroughKey = false)
{
    /// <summary>True when the client really changed (not the same one written differently).</summary>
    public bool Moved => ClientNames.KeyOrNull(Previous) != ClientNames.KeyOrNull(Current);

    /// <summary>
    /// What the change told the integration, and what it could not, said to the one who made it; null when nothing left
    /// the integration's sight (no previous client, the same one, or no article was for it alone).
    /// </summary>
    public string? Notice
    {
        get
        {
            if (Previous is null || !Moved || Withdrawn == 0) return null;
            var said = new List<string>();
            var be = Withdrawn == 1 ? "was" : "were";
            // The first sentence names the articles, the next ones refer back to them.
            string Subject() => said.Count == 0
                ? (Withdrawn == 1 ? $"1 article only {Previous} could read" : $"{Withdrawn} articles only {Previous} could read")
                : Withdrawn == 1 ? "It" : "They";
            if (Told > 0) said.Add($"{Subject()} {be} sent as article.withdrawn to {Webhooks(Told)}.");
            if (NotListening > 0)
                said.Add($"{Subject()} {be} not withdrawn from {Webhooks(NotListening)} that {(NotListening == 1 ? "does" : "do")} not listen for " +
                         $"article.withdrawn: have {(NotListening == 1 ? "it" : "them")} sync again.");
            if (ThroughKey)
                said.Add($"{Subject()} {be} not withdrawn from the key's changes feed (/changes), which lists no client change: an integration " +
                         "that reads it should sync again.");
            return string.Join(" ", said);
        }
    }

    private static string Webhooks(int count) => count == 1 ? "1 webhook" : $"{count} webhooks";
}
