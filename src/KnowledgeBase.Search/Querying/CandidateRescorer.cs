using Lucene.Net.Index;
using Lucene.Net.Search;

namespace KnowledgeBase.Search.Querying;

/// <summary>
/// Scores a few candidates with the full query: its scorers only leap (by skip lists) to those documents, so the
/// expensive parts — every field, phrases, fuzzy and synonym alternatives — never walk whole posting lists.
/// </summary>
internal static class CandidateRescorer
{
    // Below this many candidates a second thread costs more than it saves.
    private const int ParallelMinCandidates = 16;

    /// <summary>
    /// Scores the candidates with the full query, segment by segment (each scorer only moves forward). Segments are
    /// scored side by side when there are several and the thread pool has nothing queued: the full query is the larger
    /// share of a search's time, and a technician waiting on one search has the other cores idle.
    /// </summary>
    public static List<(int Doc, float Score)> Rescore(IndexSearcher searcher, Query full, List<(int Doc, float Score)> candidates, RankBoost boost)
    {
        var rescored = new List<(int Doc, float Score)>(candidates.Count);
        if (candidates.Count == 0) return rescored;
        var weight = searcher.CreateNormalizedWeight(full);
        var byDoc = candidates.Select(c => c.Doc).Order().ToArray();
        var leaves = searcher.IndexReader.Leaves;
        var slices = new List<(AtomicReaderContext Leaf, int Start, int End)>();
        for (var i = 0; i < byDoc.Length;)
        {
            var leaf = leaves[ReaderUtil.SubIndex(byDoc[i], leaves)];
            var end = leaf.DocBase + leaf.AtomicReader.MaxDoc;
            var start = i;
            while (i < byDoc.Length && byDoc[i] < end) i++;
            slices.Add((leaf, start, i));
        }

        var scores = new float[byDoc.Length];
        // Only spare cores help: when other work is already queued (a loaded server), a second task only adds
        // hand-over costs, so the segments are scored one after the other.
        if (slices.Count == 1 || byDoc.Length < ParallelMinCandidates || ThreadPool.PendingWorkItemCount > 0)
        {
            foreach (var slice in slices) Score(weight, slice, byDoc, scores, boost);
        }
        else
        {
            // The calling thread takes the first segment; the others go to the pool, each with its own boost state.
            var others = slices.Skip(1).Select(slice => Task.Run(() => Score(weight, slice, byDoc, scores, boost.Copy()))).ToArray();
            Score(weight, slices[0], byDoc, scores, boost);
            Task.WaitAll(others);
        }

        for (var i = 0; i < byDoc.Length; i++)
            if (scores[i] > 0) rescored.Add((byDoc[i], scores[i]));
        rescored.Sort((a, b) => b.Score != a.Score ? b.Score.CompareTo(a.Score) : a.Doc.CompareTo(b.Doc));
        return rescored;
    }

    private static void Score(Weight weight, (AtomicReaderContext Leaf, int Start, int End) slice, int[] byDoc, float[] scores, RankBoost boost)
    {
        var (leaf, start, end) = slice;
        var scorer = weight.GetScorer(leaf, leaf.AtomicReader.LiveDocs);
        if (scorer is null) return;
        boost.SetNextReader(leaf.AtomicReader);
        for (var i = start; i < end; i++)
        {
            var target = byDoc[i] - leaf.DocBase;
            var current = scorer.DocID;
            if (current < target) current = scorer.Advance(target);
            if (current == target)
            {
                var score = scorer.GetScore();
                if (score > 0) scores[i] = score * boost.Factor(target);
            }
        }
    }
}
