using System.Runtime.CompilerServices;
using KnowledgeBase.Search.Analysis;
using KnowledgeBase.Search.Indexing;
using Lucene.Net.Index;
using Lucene.Net.Util;

namespace KnowledgeBase.Search.Querying;

/// <summary>
/// One segment's words (the all-text field's terms that start with a letter, word pairs left out), sorted, with their
/// document counts, for typo matching: <see cref="AddNeighbours"/> walks them like a trie, one edit-distance row per
/// character, and skips every word behind a prefix that is already too far from the typed word.
/// </summary>
/// <remarks>
/// Lucene's FuzzyTermsEnum compiles a Levenshtein automaton for every typed word; in Lucene.Net that costs about
/// half a millisecond a word (a third of an average search at 5,721 articles), against a few microseconds for this
/// walk. A segment never changes, so its words are read once (about 30,000 words, 25–50 ms at 100,000 articles) and
/// kept while the segment is open; <see cref="SearchIndex"/> reads them when a new searcher is opened, off the request
/// path.
/// </remarks>
internal sealed class WordVocabulary
{
    private static readonly ConditionalWeakTable<object, WordVocabulary> BySegment = new();

    private readonly string[] _words;
    private readonly int[] _docFreqs;

    private WordVocabulary(string[] words, int[] docFreqs)
    {
        _words = words;
        _docFreqs = docFreqs;
    }

    public int Count => _words.Length;

    /// <summary>The segment's vocabulary, read on first use and kept as long as the segment's core is open.</summary>
    public static WordVocabulary Of(AtomicReader segment) => BySegment.GetValue(segment.CoreCacheKey, _ => Read(segment));

    private static WordVocabulary Read(AtomicReader segment)
    {
        var words = new List<string>();
        var docFreqs = new List<int>();
        var terms = segment.GetTerms(SearchFields.Text);
        if (terms is not null)
        {
            var termsEnum = terms.GetEnumerator();
            // Lower-case letters sort after digits and after the '_' that opens every word pair; other letters
            // (accented, non-Latin) sort after 'z'. Words are lower-cased when analysed, so nothing is missed.
            if (termsEnum.SeekCeil(new BytesRef("a")) != TermsEnum.SeekStatus.END)
            {
                do
                {
                    var text = termsEnum.Term.Utf8ToString();
                    if (!char.IsLetter(text[0]) || text.Contains(BigramFilter.Separator)) continue;
                    words.Add(text);
                    docFreqs.Add(termsEnum.DocFreq);
                }
                while (termsEnum.MoveNext());
            }
        }
        var wordArray = words.ToArray();
        var docFreqArray = docFreqs.ToArray();
        // The index orders terms by UTF-8 bytes; searching here compares UTF-16 code units. Both agree except for
        // characters beyond the Basic Multilingual Plane, so sort to be sure.
        Array.Sort(wordArray, docFreqArray, StringComparer.Ordinal);
        return new WordVocabulary(wordArray, docFreqArray);
    }

    /// <summary>
    /// Adds the words within <paramref name="maxEdits"/> (Levenshtein distance with adjacent transpositions, as
    /// Lucene's fuzzy queries count) of <paramref name="term"/> that share its first <paramref name="prefixLength"/>
    /// characters, never the term itself, with this segment's document count added to any count already found.
    /// </summary>
    public void AddNeighbours(string term, int maxEdits, int prefixLength, Dictionary<string, (int Edits, int DocFreq)> found)
    {
        var m = term.Length;
        var prefix = term.AsSpan(0, Math.Clamp(prefixLength, 0, m));
        var maxDepth = m + maxEdits + 1;
        var cells = (maxDepth + 1) * (m + 1);
        // rows[d * (m + 1) + j]: distance between the current word's first d characters and the term's first j.
        Span<int> rows = cells <= 4096 ? stackalloc int[cells] : new int[cells];
        // Only the band |j - d| <= maxEdits of each row is ever computed; cells outside it stay "too far".
        rows.Fill(maxEdits + 1);
        for (var j = 0; j <= m; j++) rows[j] = j;

        string previous = "";
        var validDepth = 0;
        for (var i = LowerBound(prefix); i < _words.Length;)
        {
            var word = _words[i];
            if (!word.AsSpan().StartsWith(prefix, StringComparison.Ordinal)) break;
            var depth = Math.Min(CommonPrefixLength(previous, word), validDepth);
            var dead = false;
            while (depth < word.Length)
            {
                depth++;
                if (depth > maxDepth || NextRow(rows, m, depth, word, term, maxEdits) > maxEdits)
                {
                    dead = true;
                    break;
                }
            }
            previous = word;
            if (dead)
            {
                // No word that starts with word[..depth] can come within maxEdits: leap past all of them.
                validDepth = depth - 1;
                i = FirstNotStartingWith(word.AsSpan(0, depth), i + 1);
                continue;
            }
            validDepth = word.Length;
            var edits = rows[word.Length * (m + 1) + m];
            if (edits <= maxEdits && word != term)
            {
                found[word] = found.TryGetValue(word, out var known)
                    ? (Math.Min(known.Edits, edits), known.DocFreq + _docFreqs[i])
                    : (edits, _docFreqs[i]);
            }
            i++;
        }
    }

    /// <summary>
    /// Computes the band of row <paramref name="depth"/> (columns within <paramref name="maxEdits"/> of the diagonal;
    /// the others cannot come back within reach) from the rows above it, and returns its smallest distance.
    /// </summary>
    private static int NextRow(Span<int> rows, int m, int depth, string word, string term, int maxEdits)
    {
        var width = m + 1;
        var row = rows.Slice(depth * width, width);
        var above = rows.Slice((depth - 1) * width, width);
        var c = word[depth - 1];
        row[0] = depth;
        var min = depth;
        var last = Math.Min(m, depth + maxEdits);
        for (var j = Math.Max(1, depth - maxEdits); j <= last; j++)
        {
            var value = Math.Min(Math.Min(above[j] + 1, row[j - 1] + 1), above[j - 1] + (c == term[j - 1] ? 0 : 1));
            if (depth > 1 && j > 1 && c == term[j - 2] && word[depth - 2] == term[j - 1])
                value = Math.Min(value, rows[(depth - 2) * width + j - 2] + 1);
            row[j] = value;
            if (value < min) min = value;
        }
        return min;
    }

    private static int CommonPrefixLength(string a, string b) => a.AsSpan().CommonPrefixLength(b);

    private int LowerBound(ReadOnlySpan<char> prefix)
    {
        int lo = 0, hi = _words.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_words[mid].AsSpan().SequenceCompareTo(prefix) < 0) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /// <summary>
    /// The words starting with <paramref name="prefix"/> are one run in sorted order; the index after it. Runs are
    /// mostly short, so the search gallops from <paramref name="from"/> before it halves.
    /// </summary>
    private int FirstNotStartingWith(ReadOnlySpan<char> prefix, int from)
    {
        var lo = from;
        var step = 1;
        var hi = from;
        while (hi < _words.Length && _words[hi].AsSpan().StartsWith(prefix, StringComparison.Ordinal))
        {
            lo = hi + 1;
            hi = from + step;
            step *= 2;
        }
        hi = Math.Min(hi, _words.Length);
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_words[mid].AsSpan().StartsWith(prefix, StringComparison.Ordinal)) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }
}
