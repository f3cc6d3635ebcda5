using Lucene.Net.Index;
using Lucene.Net.Search;

namespace KnowledgeBase.Search.Querying;

/// <summary>
/// Scores a few candidates with the full query: its scorers only leap (by skip lists) to those documents, so the
/// expensive parts — every field, phrases, fuzzy and synonym alternatives — never walk whole posting lists.
/// </summary>
internal static class CandidateRescorer
{
    public static List<(int Doc, float Score)> Rescore(IndexSearcher searcher, Query full, List<(int Doc, float Score)> candidates, RankBoost boost)
    {
        var rescored = new List<(int Doc, float Score)>(candidates.Count);
        if (candidates.Count == 0) return rescored;
        var weight = searcher.CreateNormalizedWeight(full);
        var byDoc = candidates.Select(c => c.Doc).Order().ToArray();
        var leaves = searcher.IndexReader.Leaves;
        var i = 0;
        while (i < byDoc.Length)
        {
            var leaf = leaves[ReaderUtil.SubIndex(byDoc[i], leaves)];
            var end = leaf.DocBase + leaf.AtomicReader.MaxDoc;
            var scorer = weight.GetScorer(leaf, leaf.AtomicReader.LiveDocs);
            boost.SetNextReader(leaf.AtomicReader);
            for (; i < byDoc.Length && byDoc[i] < end; i++)
            {
                var target = byDoc[i] - leaf.DocBase;
                var score = 0f;
                if (scorer is not null)
                {
                    var current = scorer.DocID;
                    if (current < target) current = scorer.Advance(target);
                    if (current == target) score = scorer.GetScore();
                }
                if (score > 0) rescored.Add((byDoc[i], score * boost.Factor(target)));
            }
        }
        rescored.Sort((a, b) => b.Score != a.Score ? b.Score.CompareTo(a.Score) : a.Doc.CompareTo(b.Doc));
        return rescored;
    }
}
