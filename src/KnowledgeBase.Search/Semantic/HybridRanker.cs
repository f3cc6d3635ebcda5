using KnowledgeBase.Search.Indexing;
using KnowledgeBase.Search.Querying;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace KnowledgeBase.Search.Semantic;

/// <summary>One result of a fusion, with both of its sides (the benchmark and the relevance floor read them).</summary>
/// <param name="Lexical">The lexical engine's score (0 when no query word is in the article).</param>
/// <param name="Similarity">The cosine of the query's and the article's vectors, or null when the article has none yet.</param>
internal readonly record struct FusedHit(int Doc, float Score, float Lexical, float? Similarity);

/// <summary>
/// Fuses the lexical engine's candidates with the articles nearest the query by meaning. Each side is scaled to its
/// best score among the candidates (a lexical score means nothing across queries; a cosine's zero is not its floor),
/// then mixed with the query's weight: score = (1 − w) · lexical / best lexical + w · similarity' where
/// similarity' = (cos − baseline) / (best cos − baseline), the baseline being about the cosine of unrelated texts. Not reciprocal rank fusion: ranks throw away how far apart the
/// scores are, and cost error-code and typo queries 0.15–0.20 MRR@10 here.
/// </summary>
internal static class HybridRanker
{
    /// <param name="meaningOnly">How many articles that are no lexical candidate may join, the nearest in meaning first.</param>
    /// <param name="want">How many results the caller shows (offset + limit): articles found by meaning alone are only
    /// looked for when one of them could reach that far.</param>
    public static List<FusedHit> Fuse(IndexSearcher searcher, BuiltQuery built, List<(int Doc, float Score)> lexical,
        DocFilter filter, RankBoost boost, float[] query, float weight, SemanticSearch semantic, int denseCount, int meaningOnly, float denseFloor, float baseline,
        int want = int.MaxValue)
    {
        var vectors = semantic.Vectors;
        var hits = new Dictionary<int, (float Lexical, float? Similarity)>(lexical.Count + denseCount);
        var ids = new HashSet<string>(lexical.Count, StringComparer.Ordinal);
        foreach (var (doc, score) in lexical)
        {
            var id = HitLoader.Binary(searcher, doc, SearchFields.IdValue);
            ids.Add(id);
            hits[doc] = (score, vectors.Similarity(id, query));
        }
        if (!MeaningAloneCouldPlace(lexical, weight, want)) return Combine(hits, weight, baseline);

        // Articles near in meaning that the lexical candidates missed: visible to this reader, alike enough, and
        // scored by the full lexical query too (they may hold some of the words): the nearest meaningOnly
        // of them, as scoring one makes every term of the full query leap to it. A number that does not depend on the
        // page asked for, so that page 2 continues page 1.
        var nearest = vectors.Nearest(query, denseCount).Where(n => n.Similarity >= denseFloor && !ids.Contains(n.Id)).ToList();
        var extra = new List<(int Doc, float Score)>();
        var extraSimilarity = new Dictionary<int, float>();
        foreach (var (doc, similarity) in Locate(searcher, nearest, filter).OrderByDescending(f => f.Similarity).ThenBy(f => f.Doc).Take(meaningOnly))
        {
            if (hits.ContainsKey(doc)) continue;
            extra.Add((doc, 0));
            extraSimilarity[doc] = similarity;
        }
        if (extra.Count > 0 && built.Full is not null)
        {
            var rescored = CandidateRescorer.Rescore(searcher, built.Full, extra, boost).ToDictionary(r => r.Doc, r => r.Score);
            foreach (var (doc, _) in extra) hits[doc] = (rescored.GetValueOrDefault(doc), extraSimilarity[doc]);
        }
        else
        {
            foreach (var (doc, _) in extra) hits[doc] = (0, extraSimilarity[doc]);
        }
        return Combine(hits, weight, baseline);
    }

    /// <summary>
    /// Whether an article that holds none of the query's words could rank among the first <paramref name="want"/>:
    /// its fused score is at most the weight (its similarity scaled to at most 1), while the want-th lexical candidate
    /// scores at least (1 − weight) × its lexical score relative to the best. When that bound rules them out, the scan
    /// of every article's vector is skipped (the lexical candidates' similarities are still fused).
    /// </summary>
    internal static bool MeaningAloneCouldPlace(List<(int Doc, float Score)> lexical, float weight, int want)
    {
        if (want <= 0 || lexical.Count < want) return true;
        var best = 0f;
        foreach (var (_, score) in lexical) best = Math.Max(best, score);
        if (best <= 0) return true;
        var scores = lexical.Select(l => l.Score).ToArray();
        Array.Sort(scores);
        var wantth = scores[^want];
        return weight > (1 - weight) * wantth / best;
    }

    internal static List<FusedHit> Combine(Dictionary<int, (float Lexical, float? Similarity)> hits, float weight, float floor)
    {
        var bestLexical = 0f;
        var bestSimilarity = floor;
        foreach (var (_, (lex, sim)) in hits)
        {
            bestLexical = Math.Max(bestLexical, lex);
            if (sim is { } s) bestSimilarity = Math.Max(bestSimilarity, s);
        }
        var results = new List<FusedHit>(hits.Count);
        foreach (var (doc, (lex, sim)) in hits)
        {
            var l = bestLexical > 0 ? lex / bestLexical : 0;
            // An article without a vector yet (just saved) keeps its lexical standing on both sides.
            var d = sim is { } s ? (bestSimilarity > floor ? Math.Max(0, s - floor) / (bestSimilarity - floor) : 0) : l;
            results.Add(new FusedHit(doc, (1 - weight) * l + weight * d, lex, sim));
        }
        results.Sort((a, b) => b.Score != a.Score ? b.Score.CompareTo(a.Score) : a.Doc.CompareTo(b.Doc));
        return results;
    }

    /// <summary>The index's documents for article ids that pass the filter, with their similarity.</summary>
    private static List<(int Doc, float Similarity)> Locate(IndexSearcher searcher, List<(string Id, float Similarity)> nearest, DocFilter filter)
    {
        var found = new List<(int Doc, float Similarity)>(nearest.Count);
        var remaining = nearest.ToList();
        foreach (var leaf in searcher.IndexReader.Leaves)
        {
            if (remaining.Count == 0) break;
            var reader = leaf.AtomicReader;
            // One walker of the segment's ids for all of them (a new one per id cost a set-up each, per segment).
            var ids = reader.GetTerms(SearchFields.Id)?.GetEnumerator();
            if (ids is null) continue;
            filter.SetNextReader(reader);
            DocsEnum? docs = null;
            for (var i = remaining.Count - 1; i >= 0; i--)
            {
                if (!ids.SeekExact(new Lucene.Net.Util.BytesRef(remaining[i].Id))) continue;
                docs = ids.Docs(reader.LiveDocs, docs, DocsFlags.NONE);
                var doc = docs.NextDoc();
                if (doc == DocIdSetIterator.NO_MORE_DOCS) continue;
                // An id lives in one segment: found here, visible or not, it is not looked for further.
                if (filter.Check(doc) == DocFilter.Verdict.Match) found.Add((leaf.DocBase + doc, remaining[i].Similarity));
                remaining.RemoveAt(i);
            }
        }
        return found;
    }
}
