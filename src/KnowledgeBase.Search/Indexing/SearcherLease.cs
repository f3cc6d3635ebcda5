using Lucene.Net.Search;

namespace KnowledgeBase.Search.Indexing;

/// <summary>Holds a searcher for the length of one request: <c>using var lease = index.Acquire();</c>.</summary>
internal readonly struct SearcherLease : IDisposable
{
    private readonly SearcherManager _manager;

    public SearcherLease(SearcherManager manager)
    {
        _manager = manager;
        Searcher = manager.Acquire();
    }

    public IndexSearcher Searcher { get; }

    public void Dispose() => _manager.Release(Searcher);
}
