using KnowledgeBase.Search.Indexing;
using KnowledgeBase.Search.Querying;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace KnowledgeBase.Search.Tests;

/// <summary>The cheap candidate query keeps what it matches and drops only what adds score.</summary>
public sealed class CandidateQueryTests
{
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
