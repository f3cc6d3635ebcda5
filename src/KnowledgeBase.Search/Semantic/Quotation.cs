using KnowledgeBase.Search.Indexing;
using KnowledgeBase.Search.Querying;
using Lucene.Net.Search;

namespace KnowledgeBase.Search.Semantic;

/// <summary>
/// Whether a query quotes an article: <see cref="MinWords"/> or more of its words in a row, verbatim, in the article's
/// title or opening (its issue first: what error reports and tickets copy). A pasted error message or a passage copied
/// from the article asks for those words, as a quoted phrase does, so words decide — when the quotation points to one
/// article. When the best two lexical matches both hold it (two articles quoting the same message), meaning tells
/// them apart.
/// </summary>
/// <remarks>
/// Written text shares runs of two to four words with articles ("cannot connect to the", "when I try to open"); on
/// kb-eval no hand-written query or ticket shares more than four with its best lexical match, while a copied passage
/// shares it whole. Words are letters and digits, compared case-insensitively, apostrophes dropped ("can't" is
/// "cant"): the run is judged on words, not on punctuation or line breaks.
/// </remarks>
internal sealed class Quotation
{
    public const int MinWords = 8;

    private const ulong WordPrime = 0x100000001B3;
    private const ulong RunMultiplier = 0x9E3779B97F4A7C15;
    private static readonly ulong Shift = Power(RunMultiplier, MinWords);

    private readonly HashSet<ulong> _runs;

    private Quotation(HashSet<ulong> runs) => _runs = runs;

    /// <summary>The query's runs of <see cref="MinWords"/> words; null when it has fewer words.</summary>
    public static Quotation? Of(string query)
    {
        var runs = new HashSet<ulong>();
        foreach (var run in Runs(query)) runs.Add(run);
        return runs.Count == 0 ? null : new Quotation(runs);
    }

    /// <summary>Whether <paramref name="text"/> holds one of the query's runs.</summary>
    public bool IsIn(string text)
    {
        foreach (var run in Runs(text))
            if (_runs.Contains(run)) return true;
        return false;
    }

    /// <summary>
    /// Whether the query quotes the best of the lexical candidates and not the second: then its words decide.
    /// </summary>
    public static bool QuotesOne(IndexSearcher searcher, string query, IReadOnlyList<(int Doc, float Score)> lexical)
    {
        if (lexical.Count == 0) return false;
        var quotation = Of(query);
        if (quotation is null) return false;
        var (first, second) = BestTwo(lexical);
        return quotation.IsInArticle(searcher, first) && (second < 0 || !quotation.IsInArticle(searcher, second));
    }

    private bool IsInArticle(IndexSearcher searcher, int doc) =>
        IsIn(HitLoader.Binary(searcher, doc, SearchFields.TitleValue)) || IsIn(HitLoader.Binary(searcher, doc, SearchFields.SnippetHead));

    private static (int First, int Second) BestTwo(IReadOnlyList<(int Doc, float Score)> lexical)
    {
        var first = -1;
        var second = -1;
        for (var i = 0; i < lexical.Count; i++)
        {
            if (first < 0 || lexical[i].Score > lexical[first].Score) (first, second) = (i, first);
            else if (second < 0 || lexical[i].Score > lexical[second].Score) second = i;
        }
        return (lexical[first].Doc, second < 0 ? -1 : lexical[second].Doc);
    }

    /// <summary>A hash of every <see cref="MinWords"/> consecutive words of the text (a rolling polynomial of word hashes).</summary>
    private static IEnumerable<ulong> Runs(string text)
    {
        var window = new ulong[MinWords];
        var count = 0;
        ulong run = 0;
        var i = 0;
        while (NextWord(text, ref i, out var word))
        {
            var slot = count % MinWords;
            unchecked
            {
                run = run * RunMultiplier + word;
                if (count >= MinWords) run -= window[slot] * Shift;
            }
            window[slot] = word;
            count++;
            if (count >= MinWords) yield return run;
        }
    }

    /// <summary>The next word's hash (FNV-1a of its lower-case letters and digits, apostrophes skipped).</summary>
    private static bool NextWord(string text, ref int i, out ulong hash)
    {
        while (i < text.Length && !char.IsLetterOrDigit(text[i])) i++;
        hash = 0xCBF29CE484222325;
        if (i >= text.Length) return false;
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsLetterOrDigit(c))
            {
                unchecked { hash = (hash ^ char.ToLowerInvariant(c)) * WordPrime; }
            }
            else if (c is not ('\'' or '\u2019') || i + 1 >= text.Length || !char.IsLetterOrDigit(text[i + 1])) break;
        }
        return true;
    }

    private static ulong Power(ulong value, int exponent)
    {
        ulong result = 1;
        for (var k = 0; k < exponent; k++) unchecked { result *= value; }
        return result;
    }
}
