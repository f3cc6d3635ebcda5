using Lucene.Net.Index;
using Lucene.Net.Search;

namespace KnowledgeBase.Search.Querying;

/// <summary>
/// One pass over the candidate query's matches: drops what the reader may not see (<see cref="DocFilter"/>), counts
/// the rest, counts facets when asked, and keeps the best N by score × <see cref="RankBoost"/>.
/// </summary>
internal sealed class HitCollector(int size, DocFilter filter, RankBoost boost, FacetCounter? facets) : ICollector
{
    private readonly TopDocsHeap _heap = new(Math.Max(1, size));
    private Scorer? _scorer;
    private int _docBase;

    public int TotalHits { get; private set; }

    // In order: out of order lets Lucene pick BooleanScorer for OR-ed words, which allocates a table of 2,048 buckets
    // (about 100 KiB) per segment and search — a fifth of everything a search allocated, and GC time with it.
    public bool AcceptsDocsOutOfOrder => false;

    public void SetScorer(Scorer scorer) => _scorer = scorer;

    public void SetNextReader(AtomicReaderContext context)
    {
        _docBase = context.DocBase;
        filter.SetNextReader(context.AtomicReader);
        boost.SetNextReader(context.AtomicReader);
        facets?.SetNextReader(context.AtomicReader);
    }

    public void Collect(int doc)
    {
        var verdict = filter.Check(doc);
        if (verdict == DocFilter.Verdict.Hidden) return;
        // The State facet counts every state the reader may see, so choosing one state still offers the others.
        facets?.CollectState(doc);
        if (verdict != DocFilter.Verdict.Match) return;
        TotalHits++;
        facets?.Collect(doc);
        _heap.Offer(_docBase + doc, _scorer!.GetScore() * boost.Factor(doc));
    }

    /// <summary>The collected documents, best first.</summary>
    public List<(int Doc, float Score)> Results() => _heap.Sorted();
}
