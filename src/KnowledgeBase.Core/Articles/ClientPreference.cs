namespace KnowledgeBase.Core.Articles;

/// <summary>
/// How a ticket's client orders what is suggested or found for it (docs/kcs.md "Clients"): among the relevant results,
/// the articles written for the ticket's client come first, then the articles for every client, then — only readers who
/// may see them, i.e. internal ones — the articles written for other clients. Relevance keeps its order inside each
/// group, and nothing is dropped or added: a client article that is not relevant is not pulled in by its client. With no
/// client known, the order is relevance alone.
/// </summary>
public static class ClientPreference
{
    /// <summary>0: the ticket client's article; 1: an article for every client (or no client known); 2: another client's.</summary>
    public static int GroupOf(IEnumerable<string> articleClientKeys, string? ticketClientKey)
    {
        if (ticketClientKey is null) return 1;
        var forSomeClient = false;
        foreach (var key in articleClientKeys)
        {
            if (string.Equals(key, ticketClientKey, StringComparison.Ordinal)) return 0;
            forSomeClient = true;
        }
        return forSomeClient ? 2 : 1;
    }

    /// <summary>The items in <see cref="GroupOf"/> order, relevance order kept inside each group (a stable sort).</summary>
    /// <param name="ticketClient">The ticket's client as named anywhere (normalised here); null or blank: unchanged.</param>
    public static List<T> Order<T>(IEnumerable<T> relevant, Func<T, IEnumerable<string>> clientKeysOf, string? ticketClient)
    {
        var list = relevant.ToList();
        var key = ClientNames.KeyOrNull(ticketClient);
        if (key is null) return list;
        return list.Select((item, index) => (item, index, group: GroupOf(clientKeysOf(item), key)))
            .OrderBy(x => x.group).ThenBy(x => x.index).Select(x => x.item).ToList();
    }
}
