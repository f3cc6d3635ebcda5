using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace KnowledgeBase.Search.Analysis;

/// <summary>
/// Runs the stemmer and holds the one promise the highlighter's prefix gate (<see cref="TermPrefixes"/>, used by
/// <see cref="Querying.SnippetHighlighter"/> and <see cref="ItTokenizer.GateRuns"/>) makes of it: <see cref="KeepsStart"/>,
/// a stem keeps its word's first two characters, or its first when the stem is one or two characters long. The gate
/// drops a token on its first characters before stemming, so a stem that broke the promise would never be highlighted.
/// </summary>
/// <remarks>
/// Porter only rewrites the end of a word, so it keeps the promise (<c>StemmerPrefixTests</c> checks it on a vocabulary
/// and fails for a stemmer that does not). Should another stemmer stand here, a word whose stem would break it is kept
/// unstemmed instead — in the index, the queries and the highlighter alike, as all three use this chain — so the gate
/// stays exact whatever the stemmer.
/// </remarks>
internal sealed class PrefixKeepingStemFilter : TokenFilter
{
    private readonly WordBeforeStemming _word;
    private readonly ICharTermAttribute _term;

    public PrefixKeepingStemFilter(TokenStream input, Func<TokenStream, TokenStream> stemmer)
        : this(new WordBeforeStemming(input), stemmer)
    {
    }

    private PrefixKeepingStemFilter(WordBeforeStemming word, Func<TokenStream, TokenStream> stemmer)
        : base(stemmer(word))
    {
        _word = word;
        _term = AddAttribute<ICharTermAttribute>();
    }

    /// <summary>The promise: <paramref name="stem"/> starts as <paramref name="word"/> does, in its first two characters, or its first when the stem is at most two long.</summary>
    public static bool KeepsStart(ReadOnlySpan<char> word, ReadOnlySpan<char> stem)
    {
        if (word.Length == 0 || stem.Length == 0) return word.Length == stem.Length;
        if (stem[0] != word[0]) return false;
        return stem.Length <= 2 || (word.Length > 1 && stem[1] == word[1]);
    }

    public override bool IncrementToken()
    {
        if (!m_input.IncrementToken()) return false;
        var word = _word.Word;
        if (!KeepsStart(word, _term.Buffer.AsSpan(0, _term.Length))) _term.CopyBuffer(_word.Buffer, 0, word.Length);
        return true;
    }

    /// <summary>Copies each token as it enters the stemmer.</summary>
    private sealed class WordBeforeStemming : TokenFilter
    {
        private readonly ICharTermAttribute _term;
        private int _length;

        public WordBeforeStemming(TokenStream input) : base(input) => _term = AddAttribute<ICharTermAttribute>();

        public char[] Buffer { get; private set; } = new char[32];

        public ReadOnlySpan<char> Word => Buffer.AsSpan(0, _length);

        public override bool IncrementToken()
        {
            if (!m_input.IncrementToken()) return false;
            _length = _term.Length;
            if (Buffer.Length < _length) Buffer = new char[Math.Max(_length, Buffer.Length * 2)];
            Array.Copy(_term.Buffer, Buffer, _length);
            return true;
        }
    }
}
