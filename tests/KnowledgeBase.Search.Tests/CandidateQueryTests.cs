using KnowledgeBase.Search.Indexing;
using KnowledgeBase.Search.Querying;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace KnowledgeBase.Search.Tests;

/// <summary>The cheap candidate query keeps what it matches and drops only what adds score.</summary>
public sealed class CandidateQueryTests
{
    [Fact]
    public void When_every_word_is_common_and_the_word_pairs_find_too_few_the_words_standing_apart_still_count()
    {
        // Words in more than 20 articles count as common: the three query words are (27 articles each), while the
        // pairs "printer queue" and "queue stuck" stand in only the 12 articles that say it in one breath.
        var options = SearchIndexOptions.Default with { Ranking = SearchIndexOptions.Default.Ranking with { CandidateMinDocFreq = 20, CandidateCommonRatio = 0.001f } };
        var together = Enumerable.Range(0, 12).Select(i => TestIndex.Doc($"together-{i}", $"Printer queue stuck on floor {i}", "Jobs wait forever."));
        var apart = Enumerable.Range(0, 15).Select(i => TestIndex.Doc($"apart-{i}", $"Stuck print jobs in office {i}", "The printer shows nothing. Restart the queue service."));
        using var index = new TestIndex(null, options, [.. together, .. apart, TestIndex.Doc("unrelated", "Outlook crashes", "The add-in fails.")]);

        var results = index.Search("printer queue stuck");

        // One page of ten: the pairs alone fill it, yet the articles holding the words apart are results too.
        Assert.Equal(27, results.TotalHits);
        Assert.All(results.Hits, h => Assert.StartsWith("together-", h.Id, StringComparison.Ordinal));
    }

    [Fact]
    public void A_typo_finds_candidates_through_its_closest_most_used_neighbours_and_scores_with_all_of_them()
    {
        // "cort" is one edit from each of these words; the more articles a word is in, the closer it ranks.
        string[] words = ["cart", "cord", "core", "corp", "cost", "coat", "colt"];
        var docs = words.SelectMany((w, i) => Enumerable.Range(0, words.Length - i).Select(k => TestIndex.Doc($"{w}-{k}", $"The {w} report {k}"))).ToArray();
        using var index = new TestIndex(null, docs);
        using var lease = index.Index.Acquire();
        var query = UserQuery.Parse("cort");
        var units = QueryAnalysis.Analyze(index.Index.StemmingAnalyzer, query.Text);
        var options = index.Index.Options.Ranking;

        var built = new QueryBuilder(new TermLookup(lease.Searcher.IndexReader), options, index.Index.QueryContext, index.Index.StemmingAnalyzer)
            .Build(query, units, prefixLastTerm: false, suggestSpelling: false);

        Assert.Equal(3, options.CandidateFuzzyExpansions);
        var candidates = built.Candidates!.ToString();
        var full = built.Full!.ToString();
        foreach (var word in words[..3]) Assert.Contains($"text:{word}", candidates, StringComparison.Ordinal);
        foreach (var word in words[3..]) Assert.DoesNotContain($"text:{word}", candidates, StringComparison.Ordinal);
        foreach (var word in words) Assert.Contains($"text:{word}", full, StringComparison.Ordinal);
        // A typo is read as one of its three closest, most used words: articles holding only a rarer one are not found.
        Assert.Equal(words.Take(3).Sum(w => words.Length - Array.IndexOf(words, w)), index.Search("cort").TotalHits);
    }

    [Fact]
    public void A_builder_used_twice_builds_the_second_query_as_a_fresh_one_would()
    {
        // The builder handed results between its steps through fields (a clause's cost, the highlight terms, the
        // typos): now each Build starts from nothing, so one query's words cannot leak into the next one's.
        using var index = new TestIndex(null, [
            TestIndex.Doc("a", "Outlook keeps asking for a password"), TestIndex.Doc("b", "Printer offline after update"),
            TestIndex.Doc("c", "Printer spooler stops")]);
        using var lease = index.Index.Acquire();
        QueryBuilder Builder() => new(new TermLookup(lease.Searcher.IndexReader), index.Index.Options.Ranking, index.Index.QueryContext, index.Index.StemmingAnalyzer);
        BuiltQuery Build(QueryBuilder builder, string text)
        {
            var query = UserQuery.Parse(text);
            return builder.Build(query, QueryAnalysis.Analyze(index.Index.StemmingAnalyzer, query.Text), prefixLastTerm: false, suggestSpelling: true);
        }

        var reused = Builder();
        var first = Build(reused, "outlok pasword");
        var second = Build(reused, "printr spooler");
        var fresh = Build(Builder(), "printr spooler");

        Assert.Contains("password", first.HighlightTerms);
        Assert.Equal(fresh.HighlightTerms.Order(), second.HighlightTerms.Order());
        Assert.DoesNotContain("password", second.HighlightTerms);
        Assert.Equal(fresh.DidYouMean, second.DidYouMean);
        Assert.Equal(fresh.CorrectedWords, second.CorrectedWords);
        Assert.Equal(fresh.Full!.ToString(), second.Full!.ToString());
        Assert.Equal(fresh.Candidates!.ToString(), second.Candidates!.ToString());
    }

    [Fact]
    public void Without_title_keeps_the_all_text_term_with_its_boosts()
    {
        var dismax = new DisjunctionMaxQuery(0.5f)
        {
            new TermQuery(new Term(SearchFields.Text, "outlook")) { Boost = 1.5f },
            new TermQuery(new Term(SearchFields.Title, "outlook")) { Boost = 2f },
        };
        dismax.Boost = 0.6f;

        var stripped = Assert.IsType<TermQuery>(QueryBuilder.WithoutTitle(dismax));

        Assert.Equal(new Term(SearchFields.Text, "outlook"), stripped.Term);
        Assert.Equal(1.5f * 0.6f, stripped.Boost, 5);
    }

    [Fact]
    public void Without_title_goes_through_nested_alternatives_and_keeps_required_words()
    {
        var alternatives = new DisjunctionMaxQuery(0f)
        {
            new DisjunctionMaxQuery(0.5f) { new TermQuery(new Term(SearchFields.Text, "ad")), new TermQuery(new Term(SearchFields.Title, "ad")) },
            new BooleanQuery(true)
            {
                { new TermQuery(new Term(SearchFields.Text, "activ")), Occur.MUST },
                { new TermQuery(new Term(SearchFields.Text, "directori")), Occur.MUST },
            },
        };

        var stripped = QueryBuilder.WithoutTitle(alternatives).ToString();

        Assert.DoesNotContain("title:", stripped, StringComparison.Ordinal);
        Assert.Contains("text:ad", stripped, StringComparison.Ordinal);
        Assert.Contains("+text:activ +text:directori", stripped, StringComparison.Ordinal);
    }
}
