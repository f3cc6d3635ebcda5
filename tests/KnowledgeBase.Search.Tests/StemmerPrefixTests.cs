using KnowledgeBase.Search.Analysis;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.TokenAttributes;

namespace KnowledgeBase.Search.Tests;

/// <summary>
/// The highlighter drops tokens on their first characters before stemming (TermPrefixes): that is exact only while a
/// stem keeps its word's start. PrefixKeepingStemFilter states and enforces that promise; these tests fail if the
/// configured stemmer breaks it, and show the filter overruling a stemmer that does.
/// </summary>
public sealed class StemmerPrefixTests
{
    private static readonly string[] Stems =
    [
        "connect", "configur", "authent", "generat", "relat", "condition", "ration", "valen", "digit", "conform", "radic",
        "differ", "analog", "vietnam", "predic", "formal", "sensit", "sensib", "hope", "callous", "electr", "print",
        "scan", "spool", "queue", "driver", "updat", "install", "replic", "synchron", "certif", "password", "prompt",
        "mailbox", "calendar", "permiss", "deleg", "sign", "log", "crash", "freez", "hang", "restart", "reboot", "licens",
        "activ", "encrypt", "decrypt", "compress", "network", "rout", "switch", "firewall", "tunnel", "proxi", "resolv",
        "domain", "polic", "group", "user", "comput", "serv", "stor", "backup", "restor", "snapshot", "migrat", "ay", "i",
        "y", "a", "e", "o", "u", "ee", "ie", "ey", "oy", "sky", "dy", "ly", "ty", "agre", "feed", "bled", "sing", "fil",
        "hop", "tann", "fall", "hiss", "fizz", "fail", "cop", "troubl", "size", "ital", "engin", "effect", "depend", "adopt",
    ];

    private static readonly string[] Suffixes =
    [
        "", "s", "es", "ies", "ss", "ed", "eed", "ing", "ly", "y", "e", "ation", "ational", "tional", "enci", "anci",
        "izer", "abli", "alli", "entli", "eli", "ousli", "ization", "ator", "alism", "iveness", "fulness", "ousness",
        "aliti", "iviti", "biliti", "icate", "ative", "alize", "iciti", "ical", "ful", "ness", "al", "ance", "ence", "er",
        "ic", "able", "ible", "ant", "ement", "ment", "ent", "ion", "ou", "ism", "ate", "iti", "ous", "ive", "ize", "ays",
        "ied", "ying", "ated", "ating", "isation", "ings", "ers", "edly", "ingly",
    ];

    private static IEnumerable<string> Vocabulary() =>
        Stems.SelectMany(s => Suffixes.Select(x => s + x)).Concat(["ays", "ies", "is", "as", "us", "ss", "s", "dying", "lying", "tying", "eed", "ied", "bed", "red"]).Distinct();

    private static List<(string Word, string Term)> Run(Func<TokenStream, TokenStream> chain, IEnumerable<string> words)
    {
        var list = words.ToList();
        var tokens = new WhitespaceTokenizer(ItAnalyzer.Version, new StringReader(string.Join(' ', list)));
        using var stream = chain(tokens);
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        var terms = new List<string>();
        while (stream.IncrementToken()) terms.Add(term.ToString());
        stream.End();
        Assert.Equal(list.Count, terms.Count);
        return list.Zip(terms).ToList();
    }

    [Fact]
    public void The_stemmer_keeps_the_start_of_every_word_of_a_vocabulary()
    {
        var pairs = Run(ItAnalyzer.Stemmer, Vocabulary());
        Assert.True(pairs.Count > 5000);
        // Porter does change words: the check is not vacuous.
        Assert.True(pairs.Count(p => p.Word != p.Term) > pairs.Count / 2);
        var broken = pairs.Where(p => !PrefixKeepingStemFilter.KeepsStart(p.Word, p.Term)).Select(p => $"{p.Word} → {p.Term}").ToList();
        Assert.Empty(broken);
    }

    [Theory]
    [InlineData("running", "run", true)]
    [InlineData("ays", "ai", true)]
    [InlineData("ies", "i", true)]
    [InlineData("as", "a", true)]
    [InlineData("relational", "relat", true)]
    [InlineData("went", "go", false)]
    [InlineData("better", "good", false)]
    [InlineData("mice", "mouse", false)]
    [InlineData("children", "kid", false)]
    public void A_stem_keeps_its_words_first_two_characters_or_its_first_when_it_is_short(string word, string stem, bool keeps) =>
        Assert.Equal(keeps, PrefixKeepingStemFilter.KeepsStart(word, stem));

    [Fact]
    public void A_stemmer_that_changes_the_start_of_a_word_is_overruled_and_the_word_kept_whole()
    {
        // A lemmatizer-like stemmer: irregular forms to their lemma (breaks the promise), regular ones cut at the end.
        var lemmas = new Dictionary<string, string> { ["went"] = "go", ["mice"] = "mouse", ["printers"] = "printer" };
        TokenStream Lemmatizer(TokenStream input) => new Rewrite(input, w => lemmas.GetValueOrDefault(w, w));

        var pairs = Run(input => new PrefixKeepingStemFilter(input, Lemmatizer), ["went", "mice", "printers", "queue"]);

        Assert.Equal([("went", "went"), ("mice", "mice"), ("printers", "printer"), ("queue", "queue")], pairs);
    }

    [Fact]
    public void The_index_chain_stems_as_porter_does()
    {
        // The filter around the stemmer changes nothing while the stemmer keeps its promise (no rebuild needed).
        var words = Vocabulary().Take(2000).ToList();
        Assert.Equal(Run(ItAnalyzer.Stemmer, words), Run(input => new PrefixKeepingStemFilter(input, ItAnalyzer.Stemmer), words));
    }

    private sealed class Rewrite(TokenStream input, Func<string, string> rewrite) : TokenFilter(input)
    {
        private readonly ICharTermAttribute _term = input.AddAttribute<ICharTermAttribute>();

        public override bool IncrementToken()
        {
            if (!m_input.IncrementToken()) return false;
            var rewritten = rewrite(_term.ToString());
            _term.SetEmpty().Append(rewritten);
            return true;
        }
    }
}
