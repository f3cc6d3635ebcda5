using KnowledgeBase.Core.Articles;
using KnowledgeBase.Search.Semantic;

namespace KnowledgeBase.Search.Tests.Semantic;

/// <summary>
/// A query that quotes one article word for word (a pasted error message, a passage copied into a ticket) is ranked by
/// its words; a passage two articles hold is still told apart by meaning; "see also" and the editor's duplicate check
/// never start from the article itself.
/// </summary>
public sealed class QuotationTests : IDisposable
{
    private static readonly string[][] Concepts =
    [
        ["outlook", "mail", "client", "mailbox"],
        ["password", "credentials", "sign", "signin", "login"],
        ["repeatedly", "keeps", "asks", "prompts", "requests", "again"],
    ];

    private readonly TestIndex _index = new();
    private readonly SemanticSearch _semantic = new();
    private readonly ConceptEmbedder _embedder = new(Concepts);
    private readonly ArticleSearchService _service;

    public QuotationTests()
    {
        SearchDocument[] docs =
        [
            Doc("tenant", "Mail client repeatedly requests credentials", "After a tenant change the desktop client prompts for credentials every few minutes on managed laptops."),
            Doc("alike", "Outlook keeps asking for the password", "Users type it again and again."),
            Doc("busy-outlook", "Sync error in Outlook", "The message The operation failed because the server is busy appears in Outlook."),
            Doc("busy-teams", "Sync error in Teams", "The message The operation failed because the server is busy appears in Teams."),
            Doc("spooler", "Print spooler stops", "The spooler stops when a shared printer driver crashes."),
        ];
        _index.Add(docs);
        _service = new ArticleSearchService(_index.Index, _semantic);
        _embedder.Serve(_semantic, docs);
    }

    [Theory]
    [InlineData("after a tenant change the desktop client prompts for credentials", true)]
    [InlineData("Hi team,\nAFTER a tenant change, the desktop client\tprompts for credentials!", true)]
    [InlineData("We can't open the app because the user's mailbox is inactive", true)]
    [InlineData("we cant open the app because the users mailbox is inactive", true)]
    [InlineData("a tenant change the desktop client prompts", false)]
    [InlineData("the desktop client prompts for credentials after a tenant change", false)]
    public void A_quotation_is_eight_words_in_a_row_whatever_their_case_punctuation_and_line_breaks(string query, bool quotes)
    {
        var article = "Symptoms: After a tenant change the desktop client prompts for credentials every few minutes. "
            + "You see We can't open the app because the user's mailbox is inactive.";

        Assert.Equal(quotes, Quotation.Of(query)?.IsIn(article) ?? false);
    }

    [Fact]
    public void A_query_of_fewer_than_eight_words_quotes_nothing()
    {
        Assert.Null(Quotation.Of("the desktop client prompts for credentials"));
    }

    [Fact]
    public void A_passage_one_article_holds_word_for_word_is_ranked_by_its_words_alone()
    {
        var calls = _embedder.Calls;

        var ids = _service.Search(new SearchRequest { Query = "Hi team, after a tenant change the desktop client prompts for credentials every few minutes" })
            .Hits.Select(h => h.Id).ToList();

        Assert.Equal("tenant", ids[0]);
        Assert.Equal(calls, _embedder.Calls);
    }

    [Fact]
    public void A_passage_two_articles_hold_word_for_word_is_still_told_apart_by_meaning()
    {
        var calls = _embedder.Calls;

        _service.Search(new SearchRequest { Query = "The message The operation failed because the server is busy appears in my mail client" });

        Assert.Equal(calls + 1, _embedder.Calls);
    }

    [Fact]
    public void See_also_finds_an_article_saying_the_same_in_other_words_and_never_the_article_itself()
    {
        var similar = _service.SimilarTo("tenant", KnowledgeBase.Core.Access.Reader.Internal, 5).Select(h => h.Id).ToList();

        Assert.Contains("alike", similar);
        Assert.DoesNotContain("tenant", similar);
        Assert.DoesNotContain("spooler", similar);
    }

    [Fact]
    public void The_editor_s_duplicate_check_of_a_saved_article_finds_the_others_by_meaning_not_the_article_itself()
    {
        var similar = _service.Similar("Mail client repeatedly requests credentials",
            "After a tenant change the desktop client prompts for credentials every few minutes on managed laptops.", "tenant",
            KnowledgeBase.Core.Access.Reader.Internal, 5).Select(h => h.Id).ToList();

        Assert.Contains("alike", similar);
        Assert.DoesNotContain("tenant", similar);
    }

    private static SearchDocument Doc(string id, string title, string issue) =>
        new(id, title, issue, "", "", "", "", [], ["general"], KcsState.NotValidated, Audience.Internal, "", DateTime.UtcNow, 0, 1);

    public void Dispose()
    {
        _index.Dispose();
        _semantic.Dispose();
    }
}
