using KnowledgeBase.Search.Indexing;
using KnowledgeBase.Search.Querying;
using Lucene.Net.Index;
using Lucene.Net.Util;

namespace KnowledgeBase.Search.Tests;

/// <summary>A request's term lookups give what Lucene's own <see cref="TermContext.Build"/> gives, with fewer seeks.</summary>
public sealed class TermLookupTests
{
    [Fact]
    public void Term_contexts_match_lucenes_for_every_term_of_every_ranking_field_in_every_segment()
    {
        string[] words = ["outlook", "printer", "spooler", "kb5034441", "outlook.exe", "0x80070005", "sign-in", "réseau", "drivers", "queue"];
        var docs = Enumerable.Range(0, 60).Select(i => TestIndex.Doc($"d-{i}",
            $"{words[i % words.Length]} {words[(i * 3) % words.Length]} fails",
            $"The {words[(i + 1) % words.Length]} stops when {words[(i * 7) % words.Length]} starts.",
            $"Body about {words[(i + 4) % words.Length]} only, and {words[(i * 5 + 2) % words.Length]} too.")).ToArray();
        using var index = new TestIndex(null, docs[..20]);
        index.Add(docs[20..40]);
        index.Add(docs[40..]);
        using var lease = index.Index.Acquire();
        var reader = lease.Searcher.IndexReader;
        Assert.True(reader.Leaves.Count >= 2, "the index should span several segments");

        // Every term any ranking field holds, asked for in every ranking field (word pairs and absent terms included).
        var all = new SortedSet<string>(StringComparer.Ordinal) { "absent" };
        foreach (var leaf in reader.Leaves)
            foreach (var field in new[] { SearchFields.Title, SearchFields.Issue, SearchFields.Text })
            {
                var termsEnum = leaf.AtomicReader.GetTerms(field)?.GetEnumerator();
                while (termsEnum is not null && termsEnum.MoveNext()) all.Add(termsEnum.Term.Utf8ToString());
            }
        Assert.Contains(all, t => t.Contains(Analysis.BigramFilter.Separator));

        var lookup = new TermLookup(reader);
        var checkedInSegments = 0;
        foreach (var term in all.Reverse())
            foreach (var field in new[] { SearchFields.Issue, SearchFields.Title, SearchFields.Text })
            {
                var expected = TermContext.Build(reader.Context, new Term(field, term));
                var actual = lookup.Context(field, term);
                Assert.Equal(expected.DocFreq, actual.DocFreq);
                Assert.Equal(expected.TotalTermFreq, actual.TotalTermFreq);
                foreach (var leaf in reader.Leaves)
                {
                    Assert.Equal(expected.Get(leaf.Ord) is null, actual.Get(leaf.Ord) is null);
                    if (expected.Get(leaf.Ord) is not null) checkedInSegments++;
                }
            }
        Assert.True(checkedInSegments > 200, $"only {checkedInSegments} term states compared");
    }
}
