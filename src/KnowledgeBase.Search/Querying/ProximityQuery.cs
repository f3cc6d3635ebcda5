using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Util;

namespace KnowledgeBase.Search.Querying;

/// <summary>
/// A proximity bonus: documents holding all the terms score by how often they stand within <see cref="Slop"/> of
/// their query positions (BM25 on the sloppy frequency, like a phrase). Unlike <see cref="PhraseQuery"/>, it matches
/// every document holding all the terms (those without the terms close together score 0) and reads positions only
/// when asked for a score. Lucene's phrase scorers, when advanced to a candidate, scan ahead to the next document where
/// the phrase occurs — with two common words that was a fifth of the search time.
/// </summary>
internal sealed class ProximityQuery : Query
{
    private readonly Term[] _terms;
    private readonly int[] _positions;
    private readonly TermContext[] _contexts;

    public ProximityQuery(string field, IReadOnlyList<(string Term, int Position)> terms, int slop, Func<string, TermContext> context)
    {
        Field = field;
        Slop = slop;
        _terms = terms.Select(t => new Term(field, t.Term)).ToArray();
        _positions = terms.Select(t => t.Position - terms[0].Position).ToArray();
        _contexts = terms.Select(t => context(t.Term)).ToArray();
    }

    public string Field { get; }
    public int Slop { get; }

    public override Weight CreateWeight(IndexSearcher searcher) => new ProximityWeight(this, searcher);

    public override void ExtractTerms(ISet<Term> terms)
    {
        foreach (var term in _terms) terms.Add(term);
    }

    public override string ToString(string field) =>
        $"proximity({string.Join(' ', _terms.Select((t, i) => $"{t.Text}@{_positions[i]}"))}~{Slop})^{Boost}";

    public override bool Equals(object? obj) =>
        obj is ProximityQuery other && other.Field == Field && other.Slop == Slop && other.Boost == Boost
        && other._terms.SequenceEqual(_terms) && other._positions.SequenceEqual(_positions);

    public override int GetHashCode() => HashCode.Combine(Field, Slop, Boost, _terms.Length, _terms[0]);

    private sealed class ProximityWeight : Weight
    {
        private readonly ProximityQuery _query;
        private readonly Similarity _similarity;
        private readonly Similarity.SimWeight _stats;

        public ProximityWeight(ProximityQuery query, IndexSearcher searcher)
        {
            _query = query;
            _similarity = searcher.Similarity;
            var termStats = query._terms.Select((t, i) => searcher.TermStatistics(t, query._contexts[i])).ToArray();
            _stats = _similarity.ComputeWeight(query.Boost, searcher.CollectionStatistics(query.Field), termStats);
        }

        public override Query Query => _query;

        public override float GetValueForNormalization() => _stats.GetValueForNormalization();

        public override void Normalize(float norm, float topLevelBoost) => _stats.Normalize(norm, topLevelBoost);

        public override Explanation Explain(AtomicReaderContext context, int doc)
        {
            var scorer = GetScorer(context, context.AtomicReader.LiveDocs);
            if (scorer is null || scorer.Advance(doc) != doc) return new Explanation(0f, "no proximity match");
            return new Explanation(scorer.GetScore(), $"proximity, sloppy freq {scorer.Freq}");
        }

        public override Scorer? GetScorer(AtomicReaderContext context, IBits? acceptDocs)
        {
            var terms = context.AtomicReader.GetTerms(_query.Field);
            if (terms is null) return null;
            var postings = new DocsAndPositionsEnum[_query._terms.Length];
            for (var i = 0; i < postings.Length; i++)
            {
                var state = _query._contexts[i].Get(context.Ord);
                if (state is null) return null;
                var termsEnum = terms.GetEnumerator();
                termsEnum.SeekExact(_query._terms[i].Bytes, state);
                var enumerator = termsEnum.DocsAndPositions(acceptDocs, null, DocsAndPositionsFlags.NONE);
                if (enumerator is null) return null;
                postings[i] = enumerator;
            }
            return new ProximityScorer(this, postings, _query._positions, _query.Slop, _similarity.GetSimScorer(_stats, context));
        }
    }

    private sealed class ProximityScorer : Scorer
    {
        private readonly DocsAndPositionsEnum[] _postings;
        private readonly int[] _offsets;
        private readonly int _slop;
        private readonly Similarity.SimScorer _simScorer;
        private readonly int _lead;
        private readonly int[][] _positions;
        private readonly int[] _counts;
        private int _doc = -1;
        private int _freqDoc = -1;
        private float _freq;

        public ProximityScorer(Weight weight, DocsAndPositionsEnum[] postings, int[] offsets, int slop, Similarity.SimScorer simScorer) : base(weight)
        {
            _postings = postings;
            _offsets = offsets;
            _slop = slop;
            _simScorer = simScorer;
            _positions = new int[postings.Length][];
            _counts = new int[postings.Length];
            for (var i = 0; i < postings.Length; i++) _positions[i] = new int[8];
            // The rarest term leads the conjunction.
            for (var i = 1; i < postings.Length; i++)
                if (postings[i].GetCost() < postings[_lead].GetCost()) _lead = i;
        }

        public override int DocID => _doc;

        public override int Freq => (int)Math.Ceiling(SloppyFreq());

        public override long GetCost() => _postings[_lead].GetCost();

        public override int NextDoc() => Align(_postings[_lead].NextDoc());

        public override int Advance(int target) => Align(_postings[_lead].Advance(target));

        public override float GetScore() => _simScorer.Score(_doc, SloppyFreq());

        private int Align(int doc)
        {
            while (doc != NO_MORE_DOCS)
            {
                var aligned = true;
                for (var i = 0; i < _postings.Length; i++)
                {
                    if (i == _lead) continue;
                    var other = _postings[i].DocID;
                    if (other < doc) other = _postings[i].Advance(doc);
                    if (other > doc)
                    {
                        doc = _postings[_lead].Advance(other);
                        aligned = false;
                        break;
                    }
                }
                if (aligned) break;
            }
            return _doc = doc;
        }

        /// <summary>Σ 1/(1 + displacement) over the first term's occurrences where every term lies within the slop.</summary>
        private float SloppyFreq()
        {
            if (_freqDoc == _doc) return _freq;
            _freqDoc = _doc;
            for (var i = 0; i < _postings.Length; i++)
            {
                var count = _postings[i].Freq;
                if (_positions[i].Length < count) _positions[i] = new int[Math.Max(count, _positions[i].Length * 2)];
                for (var k = 0; k < count; k++) _positions[i][k] = _postings[i].NextPosition();
                _counts[i] = count;
            }
            var freq = 0f;
            for (var k = 0; k < _counts[0]; k++)
            {
                var anchor = _positions[0][k];
                var displacement = 0;
                var matched = true;
                for (var i = 1; i < _postings.Length && matched; i++)
                {
                    var expected = anchor + _offsets[i];
                    var best = int.MaxValue;
                    var list = _positions[i];
                    for (var m = 0; m < _counts[i]; m++)
                    {
                        var d = Math.Abs(list[m] - expected);
                        if (d < best) best = d;
                        if (list[m] > expected) break;
                    }
                    if (best > _slop) matched = false;
                    else displacement += best;
                }
                if (matched) freq += 1f / (1 + displacement);
            }
            return _freq = freq;
        }
    }
}
