using KnowledgeBase.Core.Articles;
using KnowledgeBase.Search.Indexing;
using Lucene.Net.Index;
using Lucene.Net.Util;

namespace KnowledgeBase.Search.Querying;

/// <summary>
/// Visibility and filters (state, audience, categories, tags, owner) checked per matching document from doc values.
/// Kept out of the query so the candidate query stays a pure disjunction, which Lucene scores in bulk.
/// </summary>
/// <remarks>
/// The states come from <see cref="StateVisibility"/>: those the reader may see, and of them the ones searched. A
/// document the reader may see in a state not searched is <see cref="Verdict.OtherState"/>: it counts in the State
/// facet only, so the filter offers every state the reader may see with its count.
/// </remarks>
internal sealed class DocFilter
{
    public enum Verdict { Hidden, OtherState, Match }

    // Bit n set: state n (KcsState's value) is visible / searched.
    private readonly int _visibleStates;
    private readonly int _searchedStates;
    private readonly bool _customerOnly;
    /// <summary>A customer reader's client key (null: unbound, global articles only); unused for internal readers.</summary>
    private readonly BytesRef? _client;
    private readonly BytesRef[] _categories;
    private readonly BytesRef[] _tags;
    private readonly BytesRef? _owner;

    private NumericDocValues? _stateValues;
    private NumericDocValues? _audienceValues;
    private SortedSetDocValues? _categoryValues;
    private SortedSetDocValues? _tagValues;
    private SortedSetDocValues? _clientValues;
    private long _clientOrd = -1;
    private SortedDocValues? _ownerValues;
    private long[] _categoryOrds = [];
    private long[] _tagOrds = [];
    private int _ownerOrd;
    private bool _rejectAll;
    private readonly Term? _excluded;
    private int _excludedDoc = -1;

    /// <param name="excludedId">An article left out whatever else it matches (the one "see also" starts from).</param>
    public DocFilter(IReadOnlyList<KcsState>? states, Core.Access.Reader reader, IReadOnlyList<string>? categories = null, IReadOnlyList<string>? tags = null, string? owner = null,
        string? excludedId = null)
    {
        _excluded = excludedId is null ? null : new Term(SearchFields.Id, excludedId);
        _visibleStates = Mask(StateVisibility.VisibleTo(reader.Audience));
        _searchedStates = Mask(StateVisibility.Searched(reader.Audience, states));
        _customerOnly = !reader.IsInternal;
        _client = reader.Client is { } client ? new BytesRef(client) : null;
        _categories = (categories ?? []).Where(c => c is not null).Distinct(StringComparer.Ordinal).Select(c => new BytesRef(c)).ToArray();
        _tags = (tags ?? []).Where(t => t is not null).Distinct(StringComparer.Ordinal).Select(t => new BytesRef(t)).ToArray();
        _owner = string.IsNullOrEmpty(owner) ? null : new BytesRef(owner);
        _statesAsked = states is { Count: > 0 };
    }

    /// <summary>Only the default visibility: no state, category, tag or owner filter narrows the results.</summary>
    public bool IsDefault => !_statesAsked && _categories.Length == 0 && _tags.Length == 0 && _owner is null;

    private readonly bool _statesAsked;

    public void SetNextReader(AtomicReader reader)
    {
        _rejectAll = false;
        _excludedDoc = _excluded is not null && reader.GetTermDocsEnum(_excluded) is { } excluded ? excluded.NextDoc() : -1;
        _stateValues = reader.GetNumericDocValues(SearchFields.StateNumber);
        _audienceValues = _customerOnly ? reader.GetNumericDocValues(SearchFields.AudienceNumber) : null;
        _clientValues = _customerOnly ? reader.GetSortedSetDocValues(SearchFields.ClientFacet) : null;
        _clientOrd = _clientValues is not null && _client is not null ? _clientValues.LookupTerm(_client) : -1;
        if (_categories.Length > 0)
        {
            _categoryValues = reader.GetSortedSetDocValues(SearchFields.CategoryFacet);
            _categoryOrds = _categoryValues is null ? [] : _categories.Select(c => _categoryValues.LookupTerm(c)).Where(o => o >= 0).ToArray();
            if (_categoryOrds.Length == 0) _rejectAll = true;
        }
        if (_tags.Length > 0)
        {
            _tagValues = reader.GetSortedSetDocValues(SearchFields.TagFacet);
            _tagOrds = _tagValues is null ? [] : _tags.Select(t => _tagValues.LookupTerm(t)).ToArray();
            if (_tagOrds.Length == 0 || _tagOrds.Any(o => o < 0)) _rejectAll = true;
        }
        if (_owner is not null)
        {
            _ownerValues = reader.GetSortedDocValues(SearchFields.OwnerFacet);
            _ownerOrd = _ownerValues?.LookupTerm(_owner) ?? -1;
            if (_ownerOrd < 0) _rejectAll = true;
        }
    }

    public Verdict Check(int doc)
    {
        if (_rejectAll || doc == _excludedDoc) return Verdict.Hidden;
        var state = (int)(_stateValues?.Get(doc) ?? (long)KcsState.NotValidated);
        var bit = state is >= 0 and < 32 ? 1 << state : 0;
        if ((_visibleStates & bit) == 0) return Verdict.Hidden;
        if (_customerOnly && (_audienceValues?.Get(doc) ?? 0) != (long)Audience.Customer) return Verdict.Hidden;
        if (_customerOnly && !InClientScope(doc)) return Verdict.Hidden;
        if (_categoryOrds.Length > 0 && !HasAny(_categoryValues!, doc, _categoryOrds)) return Verdict.Hidden;
        if (_tagOrds.Length > 0 && !HasAll(_tagValues!, doc, _tagOrds)) return Verdict.Hidden;
        if (_ownerValues is not null && _ownerValues.GetOrd(doc) != _ownerOrd) return Verdict.Hidden;
        return (_searchedStates & bit) == 0 ? Verdict.OtherState : Verdict.Match;
    }

    /// <summary>
    /// The client half of <see cref="Core.Access.AccessPolicy.InClientScope"/> on the index: an article with no client
    /// values is for every client; one with values only for a reader whose client is among them.
    /// </summary>
    private bool InClientScope(int doc)
    {
        if (_clientValues is null) return true;
        _clientValues.SetDocument(doc);
        long ord;
        var forSomeClient = false;
        while ((ord = _clientValues.NextOrd()) != SortedSetDocValues.NO_MORE_ORDS)
        {
            if (_clientOrd >= 0 && ord == _clientOrd) return true;
            forSomeClient = true;
        }
        return !forSomeClient;
    }

    private static int Mask(IEnumerable<KcsState> states) => states.Aggregate(0, (mask, s) => mask | 1 << (int)s);

    private static bool HasAny(SortedSetDocValues values, int doc, long[] wanted)
    {
        values.SetDocument(doc);
        long ord;
        while ((ord = values.NextOrd()) != SortedSetDocValues.NO_MORE_ORDS)
            if (Array.IndexOf(wanted, ord) >= 0) return true;
        return false;
    }

    private static bool HasAll(SortedSetDocValues values, int doc, long[] wanted)
    {
        var found = 0;
        values.SetDocument(doc);
        long ord;
        while ((ord = values.NextOrd()) != SortedSetDocValues.NO_MORE_ORDS)
            if (Array.IndexOf(wanted, ord) >= 0) found++;
        return found == wanted.Length;
    }
}
