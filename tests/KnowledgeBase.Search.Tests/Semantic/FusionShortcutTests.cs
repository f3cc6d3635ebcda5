using KnowledgeBase.Core.Articles;
using KnowledgeBase.Search.Semantic;

namespace KnowledgeBase.Search.Tests.Semantic;

/// <summary>
/// Where the semantic step saves work: a misspelling that an article or two happen to share still reads as a typo
/// (words decide, the model is not run), and the scan for articles found by meaning alone is skipped only when none of
/// them could reach the page asked for.
/// </summary>
public sealed class FusionShortcutTests : IDisposable
{
    private readonly TestIndex _index = new();
    private readonly SemanticSearch _semantic = new();
    private readonly ConceptEmbedder _embedder = new(new[] { "password", "credentials", "pasword" });
    private readonly ArticleSearchService _service;

    public FusionShortcutTests()
    {
        var docs = Enumerable.Range(0, 12)
            .Select(i => Doc($"pw-{i}", $"Password reset number {i}", $"The password of user {i} expired on the portal."))
            // One article shares the misspelling a user types.
            .Append(Doc("typo", "Portal login", "The pasword field stays red after a reset."))
            .ToArray();
        _index.Add(docs);
        _service = new ArticleSearchService(_index.Index, _semantic);
        _embedder.Serve(_semantic, docs);
    }

    [Fact]
    public void A_misspelling_one_article_shares_is_read_as_a_typo_of_the_far_more_common_word_and_words_decide()
    {
        var calls = _embedder.Calls;

        var hits = _service.Search(new SearchRequest { Query = "pasword" }).Hits;

        Assert.NotEmpty(hits);
        // A query of one word, read as a typo: meaning gets no weight, so the model is not run for it.
        Assert.Equal(calls, _embedder.Calls);
    }

    [Fact]
    public void A_word_the_index_holds_as_often_as_its_neighbours_is_not_a_typo_and_meaning_joins()
    {
        var calls = _embedder.Calls;

        _service.Search(new SearchRequest { Query = "password expired" });

        Assert.True(_embedder.Calls > calls, "the model reads a settled query of ordinary words");
    }

    [Theory]
    // The page's last lexical candidate keeps at least (1 − w) × 0.8 of the best; an article found by meaning alone
    // reaches at most w: at w = 0.2 (0.64 against 0.2) it cannot reach the page, at w = 0.6 (0.32 against 0.6) it can.
    [InlineData(0.2f, 3, false)]
    [InlineData(0.6f, 3, true)]
    // The fourth candidate scores 0.1 of the best: even a small weight could place an article above it.
    [InlineData(0.2f, 4, true)]
    // Fewer candidates than the page holds: articles found by meaning fill it.
    [InlineData(0.05f, 5, true)]
    public void The_scan_for_articles_found_by_meaning_alone_is_skipped_only_when_none_could_reach_the_page(float weight, int want, bool scan)
    {
        List<(int Doc, float Score)> lexical = [(0, 10f), (1, 9f), (2, 8f), (3, 1f)];

        Assert.Equal(scan, HybridRanker.MeaningAloneCouldPlace(lexical, weight, want));
    }

    private static SearchDocument Doc(string id, string title, string issue) =>
        new(id, title, issue, "", "", "", "", [], ["general"], KcsState.Validated, Audience.Internal, "", DateTime.UtcNow, 0, 1);

    public void Dispose()
    {
        _index.Dispose();
        _semantic.Dispose();
    }
}
