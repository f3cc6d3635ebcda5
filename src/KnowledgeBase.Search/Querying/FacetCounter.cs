using KnowledgeBase.Core.Articles;
using KnowledgeBase.Search.Indexing;
using Lucene.Net.Index;
using Lucene.Net.Util;

namespace KnowledgeBase.Search.Querying;

/// <summary>
/// Facet counts from doc values: per segment, ordinals are counted in arrays, then turned into strings once when
/// the segment is done, so the cost per match is a few array increments.
/// </summary>
internal sealed class FacetCounter
{
    private readonly Dimension _categories = new(SearchFields.CategoryFacet, multiValued: true);
    private readonly Dimension _tags = new(SearchFields.TagFacet, multiValued: true);
    private readonly Dimension _states = new(SearchFields.StateFacet, multiValued: false);
    private readonly Dimension _owners = new(SearchFields.OwnerFacet, multiValued: false);

    public void Reset()
    {
        _categories.Reset();
        _tags.Reset();
        _states.Reset();
        _owners.Reset();
    }

    public void SetNextReader(AtomicReader reader)
    {
        _categories.SetNextReader(reader);
        _tags.SetNextReader(reader);
        _states.SetNextReader(reader);
        _owners.SetNextReader(reader);
    }

    /// <summary>Counts a document that matches every filter (the State dimension is counted by <see cref="CollectState"/>).</summary>
    public void Collect(int doc)
    {
        _categories.Collect(doc);
        _tags.Collect(doc);
        _owners.Collect(doc);
    }

    /// <summary>Counts a document the reader may see that matches every filter but the state filter.</summary>
    public void CollectState(int doc) => _states.Collect(doc);

    public FacetCounts Finish(int maxValuesPerDimension)
    {
        var states = _states.Finish(int.MaxValue)
            .Select(v => new FacetValue(SearchFields.ParseState(v.Value).ToWire(), v.Count)).ToList();
        return new FacetCounts(_categories.Finish(maxValuesPerDimension), states, _tags.Finish(maxValuesPerDimension), _owners.Finish(maxValuesPerDimension));
    }

    private sealed class Dimension(string field, bool multiValued)
    {
        private readonly Dictionary<string, int> _totals = new(StringComparer.Ordinal);
        private SortedSetDocValues? _set;
        private SortedDocValues? _single;
        private int[] _counts = [];

        public void Reset()
        {
            _totals.Clear();
            _counts = [];
            _set = null;
            _single = null;
        }

        public void SetNextReader(AtomicReader reader)
        {
            Flush();
            if (multiValued)
            {
                _set = reader.GetSortedSetDocValues(field);
                _counts = _set is null ? [] : new int[checked((int)_set.ValueCount)];
            }
            else
            {
                _single = reader.GetSortedDocValues(field);
                _counts = _single is null ? [] : new int[_single.ValueCount];
            }
        }

        public void Collect(int doc)
        {
            if (_set is not null)
            {
                _set.SetDocument(doc);
                long ord;
                while ((ord = _set.NextOrd()) != SortedSetDocValues.NO_MORE_ORDS) _counts[ord]++;
            }
            else if (_single is not null)
            {
                var ord = _single.GetOrd(doc);
                if (ord >= 0) _counts[ord]++;
            }
        }

        public List<FacetValue> Finish(int max)
        {
            Flush();
            return _totals.Where(t => t.Key.Length > 0)
                .OrderByDescending(t => t.Value).ThenBy(t => t.Key, StringComparer.Ordinal)
                .Take(max)
                .Select(t => new FacetValue(t.Key, t.Value))
                .ToList();
        }

        private void Flush()
        {
            var scratch = new BytesRef();
            for (var ord = 0; ord < _counts.Length; ord++)
            {
                if (_counts[ord] == 0) continue;
                if (_set is not null) _set.LookupOrd(ord, scratch);
                else _single!.LookupOrd(ord, scratch);
                var key = scratch.Utf8ToString();
                _totals[key] = _totals.GetValueOrDefault(key) + _counts[ord];
            }
            _counts = [];
            _set = null;
            _single = null;
        }
    }
}
