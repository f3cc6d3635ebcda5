using KnowledgeBase.Core.Articles;

namespace KnowledgeBase.Data.Api;

/// <summary>A customer key's or webhook's client before and after it was set again, and what its receivers were told.</summary>
/// <param name="Withdrawn">Articles the previous client could read and the new one cannot (its webhooks that listen were sent each as article.withdrawn).</param>
/// <param name="Told">Webhooks sent those withdrawals.</param>
/// <param name="NotListening">Webhooks that do not listen for article.withdrawn (their event list leaves it out).</param>
/// <param name="Published">Validated articles the new client can read and the previous one could not (its webhooks that listen were sent each as article.published).</param>
/// <param name="Announced">Webhooks sent those.</param>
/// <param name="ThroughKey">The change was a key's: its changes feed (/changes) lists none of this.</param>
public sealed record ClientChange(string? Previous, string? Current, int Withdrawn = 0, int Told = 0, int NotListening = 0, bool ThroughKey = false,
    int Published = 0, int Announced = 0)
{
    /// <summary>True when the client really changed (not the same one written differently).</summary>
    public bool Moved => ClientNames.KeyOrNull(Previous) != ClientNames.KeyOrNull(Current);

    /// <summary>
    /// What the change told the integration, and what it could not, said to the one who made it; null when nothing
    /// entered or left the integration's sight (no article was for either client alone, or the client did not change).
    /// </summary>
    public string? Notice
    {
        get
        {
            if (!Moved || Withdrawn == 0 && Published == 0) return null;
            var said = new List<string>();
            if (Withdrawn > 0)
            {
                var be = Withdrawn == 1 ? "was" : "were";
                var articles = $"{Count(Withdrawn)} only {Previous} could read";
                if (Told > 0) said.Add($"{articles} {be} sent as article.withdrawn to {Webhooks(Told)}.");
                if (NotListening > 0)
                    said.Add($"{(Told > 0 ? Withdrawn == 1 ? "It" : "They" : articles)} {be} not withdrawn from {Webhooks(NotListening)} that " +
                             $"{(NotListening == 1 ? "does" : "do")} not listen for article.withdrawn: have {(NotListening == 1 ? "it" : "them")} sync again.");
            }
            if (Published > 0 && Announced > 0)
                said.Add($"{Count(Published)} only {Current} can read {(Published == 1 ? "was" : "were")} sent as article.published to {Webhooks(Announced)}.");
            if (said.Count == 0)
            {
                // No webhook was told: what moved in or out of sight, for the sync the feed sentence asks for.
                var moved = new List<string>();
                if (Withdrawn > 0) moved.Add($"{Count(Withdrawn)} only {Previous} could read left its sight");
                if (Published > 0) moved.Add($"{Count(Published)} only {Current} can read came into {(Withdrawn > 0 ? "it" : "its sight")}");
                said.Add(string.Join("; ", moved) + ".");
            }
            if (ThroughKey)
                said.Add("The key's changes feed (/changes) lists no client change: an integration that reads it should sync again.");
            return string.Join(" ", said);
        }
    }

    private static string Count(int articles) => articles == 1 ? "1 article" : $"{articles} articles";

    private static string Webhooks(int count) => count == 1 ? "1 webhook" : $"{count} webhooks";
}
