using Lucene.Net.Search.Similarities;

namespace KnowledgeBase.Search.Indexing;

/// <summary>
/// BM25 per field (titles are short, so length normalisation is gentler there) with a coordination factor: Lucene's
/// BM25 ignores how many of the query's words a document holds, which lets one rare word outrank a document holding
/// all of them. Only the query's top-level word list enables coordination; every nested query disables it.
/// </summary>
internal sealed class KbSimilarity : PerFieldSimilarityWrapper
{
    private readonly BM25Similarity _default;
    private readonly BM25Similarity _title;
    private readonly float _coordExponent;

    public KbSimilarity(RankingOptions options)
    {
        _default = new BM25Similarity(options.K1, options.B);
        _title = new BM25Similarity(options.K1, options.TitleB);
        _coordExponent = options.CoordExponent;
    }

    public override Similarity Get(string name) => name == SearchFields.Title ? _title : _default;

    public override float Coord(int overlap, int maxOverlap)
    {
        if (maxOverlap <= 1 || overlap >= maxOverlap) return 1f;
        return MathF.Pow((float)overlap / maxOverlap, _coordExponent);
    }
}
