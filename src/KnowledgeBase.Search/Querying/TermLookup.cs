using KnowledgeBase.Search.Indexing;
using Lucene.Net.Index;
using Lucene.Net.Util;

namespace KnowledgeBase.Search.Querying;

/// <summary>Per-request term lookups against one reader: document frequencies (remembered so each term is sought once), fuzzy neighbours and prefix completions.</summary>
internal sealed class TermLookup(IndexReader reader)
{
    private readonly Dictionary<(string Field, string Term), TermContext> _contexts = [];
    private readonly Dictionary<string, TermsEnum[]> _enums = new(StringComparer.Ordinal);
    private Terms? _textTerms;
    private Terms? _spellTerms;
    private bool _textLoaded;
    private bool _spellLoaded;

    public IndexReader Reader { get; } = reader;
    public int DocumentCount { get; } = Math.Max(1, reader.NumDocs);

    public TermContext Context(string field, string term)
    {
        if (_contexts.TryGetValue((field, term), out var context)) return context;
        // As TermContext.Build, but with one terms enumerator per segment and field for the whole request: a new
        // enumerator allocates its frames and buffers (about 1 KiB), and a search looks up hundreds of terms.
        context = new TermContext(Reader.Context);
        // A part of the all-text field (SearchFields.PartsOfText) is analysed by the same chain: a segment whose
        // all-text field lacks the term lacks it there too, and word pairs are indexed in the all-text field alone.
        TermContext? within = null;
        if (SearchFields.PartsOfText.Contains(field))
        {
            if (term.Contains(Analysis.BigramFilter.Separator)) return _contexts[(field, term)] = context;
            within = Context(SearchFields.Text, term);
        }
        var bytes = new BytesRef(term);
        var leaves = Reader.Leaves;
        if (!_enums.TryGetValue(field, out var enums)) _enums[field] = enums = new TermsEnum[leaves.Count];
        for (var i = 0; i < leaves.Count; i++)
        {
            if (within is not null && within.Get(leaves[i].Ord) is null) continue;
            var termsEnum = enums[i] ??= leaves[i].AtomicReader.GetTerms(field)?.GetEnumerator() ?? TermsEnum.EMPTY;
            if (termsEnum.SeekExact(bytes))
                context.Register(termsEnum.GetTermState(), leaves[i].Ord, termsEnum.DocFreq, termsEnum.TotalTermFreq);
        }
        return _contexts[(field, term)] = context;
    }

    public int DocFreq(string field, string term) => Context(field, term).DocFreq;

    public Terms? TermsOf(string field)
    {
        if (field == SearchFields.Text)
        {
            if (!_textLoaded) { _textTerms = MultiFields.GetTerms(Reader, field); _textLoaded = true; }
            return _textTerms;
        }
        if (field == SearchFields.Spell)
        {
            if (!_spellLoaded) { _spellTerms = MultiFields.GetTerms(Reader, field); _spellLoaded = true; }
            return _spellTerms;
        }
        return MultiFields.GetTerms(Reader, field);
    }

    /// <summary>
    /// Words of the all-text field within <paramref name="maxEdits"/> of <paramref name="term"/> (never the term
    /// itself) that share its first <paramref name="prefixLength"/> characters, fewest edits then most documents first.
    /// </summary>
    public List<(string Term, int Edits, int DocFreq)> FuzzyNeighbours(string term, int maxEdits, int prefixLength, int limit)
    {
        var found = new List<(string Term, int Edits, int DocFreq)>();
        if (maxEdits <= 0 || term.Length == 0) return found;
        var bySegment = new Dictionary<string, (int Edits, int DocFreq)>(StringComparer.Ordinal);
        foreach (var leaf in Reader.Leaves) WordVocabulary.Of(leaf.AtomicReader).AddNeighbours(term, maxEdits, prefixLength, bySegment);
        foreach (var (word, (edits, docFreq)) in bySegment) found.Add((word, edits, docFreq));
        found.Sort((a, b) => a.Edits != b.Edits ? a.Edits.CompareTo(b.Edits) : b.DocFreq != a.DocFreq ? b.DocFreq.CompareTo(a.DocFreq) : string.CompareOrdinal(a.Term, b.Term));
        if (found.Count > limit) found.RemoveRange(limit, found.Count - limit);
        return found;
    }

    /// <summary>The most frequent terms starting with <paramref name="prefix"/>.</summary>
    public List<(string Term, int DocFreq)> PrefixCompletions(string field, string prefix, int limit)
    {
        var found = new List<(string Term, int DocFreq)>();
        var terms = TermsOf(field);
        if (terms is null || prefix.Length == 0) return found;
        var prefixBytes = new BytesRef(prefix);
        var termsEnum = terms.GetEnumerator();
        if (termsEnum.SeekCeil(prefixBytes) == TermsEnum.SeekStatus.END) return found;
        // Bounded scan: short prefixes have thousands of completions and typing must stay fast.
        var scanned = 0;
        do
        {
            var current = termsEnum.Term;
            if (!StringHelper.StartsWith(current, prefixBytes)) break;
            var text = current.Utf8ToString();
            if (!text.Contains(Analysis.BigramFilter.Separator)) found.Add((text, termsEnum.DocFreq));
        }
        while (++scanned < 512 && termsEnum.MoveNext());
        found.Sort((a, b) => b.DocFreq.CompareTo(a.DocFreq));
        if (found.Count > limit) found.RemoveRange(limit, found.Count - limit);
        return found;
    }
}
