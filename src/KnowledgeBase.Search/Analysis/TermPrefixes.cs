namespace KnowledgeBase.Search.Analysis;

/// <summary>
/// How a set of analysed terms begins, so a highlighter can skip the tokens of a text that cannot analyse to any of
/// them before folding, stop words and stemming (the larger part of re-analysing a text).
/// </summary>
/// <remarks>
/// Exact for the chain after <see cref="ItTokenizer"/> (accent folding, stop words, the stemmer): folding only rewrites
/// characters beyond ASCII, which always pass, and a stem keeps its word's first two characters — or its first when the
/// stem is at most two characters long ("ays" → "ai", "ies" → "i"): the promise stated and enforced in one place,
/// <see cref="PrefixKeepingStemFilter.KeepsStart"/>. Tokens are tested as the tokenizer emits them (lower-case).
/// </remarks>
internal sealed class TermPrefixes
{
    private readonly bool[] _firsts = new bool[128];
    private readonly bool[] _shorts = new bool[128];
    private readonly bool[] _pairs = new bool[128 * 128];
    private readonly List<int> _pairsSet = [];

    /// <summary>From now on, admit what may analyse to one of <paramref name="terms"/>.</summary>
    public void Set(IEnumerable<string> terms)
    {
        Array.Clear(_firsts);
        Array.Clear(_shorts);
        foreach (var pair in _pairsSet) _pairs[pair] = false;
        _pairsSet.Clear();
        foreach (var term in terms)
        {
            // A term beyond ASCII comes only from a token beyond ASCII, and those always pass.
            if (term.Length == 0 || term[0] >= 128) continue;
            _firsts[term[0]] = true;
            // A stem of one or two characters may have lost or changed its word's second one.
            if (term.Length <= 2) _shorts[term[0]] = true;
            if (term.Length >= 2 && term[1] < 128 && !_pairs[term[0] * 128 + term[1]])
            {
                _pairs[term[0] * 128 + term[1]] = true;
                _pairsSet.Add(term[0] * 128 + term[1]);
            }
        }
    }

    /// <summary>Whether some term starts with <paramref name="first"/> (lower-case), or it is beyond ASCII.</summary>
    public bool AdmitsFirst(char first) => first >= 128 || _firsts[first];

    /// <summary>Whether the token (lower-case, as the tokenizer emits it) may analyse to one of the terms.</summary>
    public bool Admits(ReadOnlySpan<char> token)
    {
        if (token.Length == 0) return false;
        var first = token[0];
        if (first >= 128 || _shorts[first]) return true;
        if (token.Length == 1) return false;
        var second = token[1];
        return second >= 128 || _pairs[first * 128 + second];
    }
}
