using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.Util;
using Lucene.Net.Util;

namespace KnowledgeBase.Search.Analysis;

/// <summary>
/// The analysis chain for IT text: <see cref="ItTokenizer"/>, accent folding, English stop words (keeping "no" and
/// "not", which carry meaning in error messages like "no signal" or "not found") and, for the ranking fields, the
/// Porter stemmer (identifiers and numbers are keywords and are never stemmed); for indexing, word pairs too
/// (<see cref="BigramFilter"/>).
/// </summary>
internal sealed class ItAnalyzer : Analyzer
{
    public static readonly LuceneVersion Version = LuceneVersion.LUCENE_48;

    public static readonly CharArraySet StopWords = new(Version,
    [
        "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it", "of", "on", "or",
        "such", "that", "the", "their", "then", "there", "these", "they", "this", "to", "was", "will", "with",
    ], false);

    private readonly bool _stem;
    private readonly bool _bigrams;
    private readonly int _maxPairs;

    public ItAnalyzer(bool stem, bool bigrams = false, int maxPairs = int.MaxValue)
    {
        _stem = stem;
        _bigrams = bigrams;
        _maxPairs = maxPairs;
    }

    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var tokenizer = new ItTokenizer(reader);
        return new TokenStreamComponents(tokenizer, Filters(tokenizer, _stem, _bigrams, _maxPairs));
    }

    /// <summary>The filters that follow <see cref="ItTokenizer"/> (or anything standing between it and them).</summary>
    internal static TokenStream Filters(TokenStream tokens, bool stem, bool bigrams = false, int maxPairs = int.MaxValue)
    {
        TokenStream stream = new ASCIIFoldingFilter(tokens);
        stream = new StopFilter(Version, stream, StopWords);
        if (stem) stream = new PrefixKeepingStemFilter(stream, Stemmer);
        if (bigrams) stream = new BigramFilter(stream, maxPairs);
        return stream;
    }

    /// <summary>
    /// The stemmer of every chain (index, queries, highlighting). It must keep each word's start
    /// (<see cref="PrefixKeepingStemFilter.KeepsStart"/>), which the filter around it enforces and StemmerPrefixTests checks.
    /// </summary>
    internal static TokenStream Stemmer(TokenStream input) => new PorterStemFilter(input);
}
