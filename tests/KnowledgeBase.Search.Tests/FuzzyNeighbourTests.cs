using KnowledgeBase.Search.Analysis;
using KnowledgeBase.Search.Indexing;
using KnowledgeBase.Search.Querying;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace KnowledgeBase.Search.Tests;

/// <summary>Typo neighbours come from each segment's word list, and are exactly the words Lucene's fuzzy automata find.</summary>
public sealed class FuzzyNeighbourTests
{
    private static readonly string[] Typed =
    [
        "exchnage", "outlok", "pritner", "conection", "certficate", "sharepiont", "mailbx", "authentcation", "replicaton",
        "dirver", "spoolr", "licence", "micorsoft", "conectivity", "bitlockr", "réseau", "resaeu", "teams", "onedirve",
        "firewal", "vpm", "kerberso", "adress", "passwrod", "synchronisation", "deligate", "calender", "intnue",
    ];

    private static TestIndex Corpus()
    {
        using var words = new StringReader(
            "exchange outlook printer printers print connection connections connectivity connect certificate certificates " +
            "sharepoint mailbox mailboxes authentication authenticate replication driver drivers spooler license licensed " +
            "microsoft bitlocker réseau reseau teams team onedrive firewall firewalls vpn kerberos address addresses " +
            "password passwords synchronization synchronisation delegate delegated calendar calendars intune exchanged " +
            "outlook.exe win10 kb5034441 0x80070005 connexion correction collection selection deletion");
        var all = words.ReadToEnd().Split(' ');
        // Several articles (and, by the second batch, several segments) so document counts add up across them.
        var docs = all.Select((w, i) => TestIndex.Doc($"a-{i}", $"About {w}", $"The {w} and the {all[(i + 7) % all.Length]} fail.")).ToArray();
        var index = new TestIndex(null, docs[..30]);
        index.Add(docs[30..]);
        index.Add(TestIndex.Doc("late", "Exchange printer outlook", "Connection to the printer fails."));
        return index;
    }

    [Fact]
    public void Fuzzy_neighbours_are_exactly_the_words_lucenes_fuzzy_enumeration_finds()
    {
        using var index = Corpus();
        using var lease = index.Index.Acquire();
        var reader = lease.Searcher.IndexReader;
        Assert.True(reader.Leaves.Count >= 2, "the corpus should span several segments");
        var lookup = new TermLookup(reader);
        var terms = MultiFields.GetTerms(reader, SearchFields.Text);

        foreach (var typed in Typed)
        {
            foreach (var maxEdits in new[] { 1, 2 })
            {
                foreach (var prefixLength in new[] { 0, 1, 2 })
                {
                    var expected = new SortedDictionary<string, int>(StringComparer.Ordinal);
                    var fuzzy = new FuzzyTermsEnum(terms, new AttributeSource(), new Term(SearchFields.Text, typed), maxEdits, prefixLength, true);
                    while (fuzzy.MoveNext())
                    {
                        var term = fuzzy.Term.Utf8ToString();
                        if (term == typed || term.Contains(BigramFilter.Separator) || !char.IsLetter(term[0])) continue;
                        if (EditDistance.Compute(typed, term, maxEdits) <= maxEdits) expected[term] = fuzzy.DocFreq;
                    }

                    var found = lookup.FuzzyNeighbours(typed, maxEdits, prefixLength, int.MaxValue);

                    var actual = new SortedDictionary<string, int>(found.ToDictionary(f => f.Term, f => f.DocFreq), StringComparer.Ordinal);
                    Assert.True(expected.SequenceEqual(actual),
                        $"'{typed}' (edits {maxEdits}, prefix {prefixLength}): expected [{string.Join(", ", expected)}], found [{string.Join(", ", actual)}]");
                    Assert.All(found, f => Assert.Equal(EditDistance.Compute(typed, f.Term, maxEdits), f.Edits));
                }
            }
        }
    }

    [Fact]
    public void Fuzzy_neighbours_come_fewest_edits_first_then_most_used_and_never_include_the_word_itself()
    {
        using var index = Corpus();
        using var lease = index.Index.Acquire();
        var lookup = new TermLookup(lease.Searcher.IndexReader);

        // "printer" is indexed (as are "print" and "pointer"-like words): its neighbours leave it out.
        var found = lookup.FuzzyNeighbours("printer", 2, 1, 10);

        Assert.True(lookup.DocFreq(SearchFields.Text, "printer") > 0);
        Assert.DoesNotContain(found, f => f.Term == "printer");
        Assert.Contains(found, f => f.Term == "print" && f.Edits == 2);
        var typo = lookup.FuzzyNeighbours("conect", 2, 1, 10);
        Assert.Equal(typo.OrderBy(f => f.Edits).ThenByDescending(f => f.DocFreq).Select(f => f.Term), typo.Select(f => f.Term));
        Assert.Equal(("connect", 1), (typo[0].Term, typo[0].Edits));
        Assert.True(typo.Count > 2);
        Assert.Equal(2, lookup.FuzzyNeighbours("conect", 2, 1, 2).Count);
    }

    [Fact]
    public void Codes_and_word_pairs_are_never_fuzzy_neighbours()
    {
        using var index = Corpus();
        using var lease = index.Index.Acquire();
        var lookup = new TermLookup(lease.Searcher.IndexReader);

        // "kb5034441" starts with a letter and is one edit away, so it is a neighbour; the hex code 80070005 is
        // indexed one edit away from 80070006 but starts with a digit (typed words never do), and pairs never count.
        Assert.Contains(lookup.FuzzyNeighbours("kb5034442", 1, 1, 10), f => f.Term == "kb5034441");
        Assert.True(lookup.DocFreq(SearchFields.Text, "80070005") > 0);
        Assert.Empty(lookup.FuzzyNeighbours("80070006", 1, 0, 10));
        Assert.DoesNotContain(lookup.FuzzyNeighbours("exchang", 2, 1, 50), f => f.Term.Contains(BigramFilter.Separator));
    }

    [Fact]
    public void A_word_saved_after_the_searcher_opened_becomes_a_neighbour_with_the_next_refresh()
    {
        using var index = Corpus();
        int Count(string word)
        {
            using var lease = index.Index.Acquire();
            return new TermLookup(lease.Searcher.IndexReader).FuzzyNeighbours("hypervisr", 1, 1, 10).Count(f => f.Term == word);
        }
        Assert.Equal(0, Count("hypervisor"));

        index.Add(TestIndex.Doc("new", "Hypervisor fails to start", "The hypervisor is not running."));

        Assert.Equal(1, Count("hypervisor"));
        Assert.Contains("new", index.Ids("hypervisr"));
    }
}
