using System.Text;

namespace KnowledgeBase.Search.Querying;

/// <summary>
/// Finished search results for repeated requests, like Solr's query result cache: an integration that searches the
/// same ticket subject on every ticket view, or a page of results asked again, costs a lookup instead of a search.
/// Entries belong to one index reader and one synonym set: the first answer from a newer reader (any write made
/// visible) or after a synonyms reload empties the cache, so an entry never outlives what it was computed from.
/// Bounded, least recently used first out. The key holds every request field, the reader's audience included, so one
/// reader never sees results computed for another.
/// </summary>
internal sealed class SearchResultCache(int capacity)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, LinkedListNode<(string Key, SearchResults Results)>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Key, SearchResults Results)> _recency = new();
    private long _readerVersion = -1;
    private object? _context;

    public int Count
    {
        get
        {
            lock (_lock) return _entries.Count;
        }
    }

    public bool TryGet(string key, long readerVersion, object context, out SearchResults results)
    {
        lock (_lock)
        {
            if (readerVersion == _readerVersion && ReferenceEquals(context, _context) && _entries.TryGetValue(key, out var node))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                results = node.Value.Results;
                return true;
            }
        }
        results = null!;
        return false;
    }

    public void Add(string key, long readerVersion, object context, SearchResults results)
    {
        lock (_lock)
        {
            if (readerVersion < _readerVersion) return; // computed on a reader that has since been replaced
            if (readerVersion != _readerVersion || !ReferenceEquals(context, _context))
            {
                _entries.Clear();
                _recency.Clear();
                (_readerVersion, _context) = (readerVersion, context);
            }
            if (_entries.TryGetValue(key, out var existing))
            {
                _recency.Remove(existing);
                _entries.Remove(key);
            }
            _entries[key] = _recency.AddFirst((key, results));
            while (_entries.Count > capacity)
            {
                var last = _recency.Last!;
                _recency.RemoveLast();
                _entries.Remove(last.Value.Key);
            }
        }
    }

    /// <summary>Every field of the request, lists in a canonical order, each text length-prefixed so no two requests share a key.</summary>
    public static string KeyOf(SearchRequest request)
    {
        var key = new StringBuilder(request.Query.Length + 64);
        key.Append((int)request.Reader.Audience).Append(',').Append(request.Offset).Append(',').Append(request.Limit).Append(',')
            .Append(request.PrefixLastTerm ? 'p' : '-').Append(request.Facets ? 'f' : '-').Append(request.Snippets ? 's' : '-')
            .Append(request.Semantic ? 'm' : '-');
        // A customer of one client must never be served what was found for another's (or an unbound customer's).
        if (request.Reader.Client is null) key.Append("|r-");
        else AppendText(key.Append("|r"), request.Reader.Client);
        if (Core.Articles.ClientNames.KeyOrNull(request.Client) is not { } ticketClient) key.Append("|k-");
        else AppendText(key.Append("|k"), ticketClient);
        if (request.Owner is null) key.Append("|-");
        else AppendText(key.Append("|o"), request.Owner);
        AppendList(key.Append("|c"), request.Categories);
        AppendList(key.Append("|s"), request.States.Select(s => ((int)s).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        AppendList(key.Append("|t"), request.Tags);
        AppendText(key.Append("|q"), request.Query);
        return key.ToString();
    }

    private static void AppendList(StringBuilder key, IEnumerable<string> values)
    {
        var distinct = values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        key.Append(distinct.Count);
        foreach (var value in distinct) AppendText(key, value);
    }

    private static void AppendText(StringBuilder key, string text) => key.Append(':').Append(text.Length).Append(':').Append(text);
}
