using KnowledgeBase.Core.Articles;
using KnowledgeBase.Search.Semantic;

namespace KnowledgeBase.Search.Tests.Semantic;

/// <summary>
/// The semantic step inside the one search service: settled searches, intake and duplicates fuse meaning with words;
/// keystrokes, codes and quoted phrases stay lexical; visibility and filters hold on the semantic side too.
/// </summary>
public sealed class HybridSearchTests : IDisposable
{
    // "mail client" means Outlook, "credentials" a password, "repeatedly" again and again.
    private static readonly string[][] Concepts =
    [
        ["outlook", "mail", "client", "mailbox"],
        ["password", "credentials", "sign", "signin", "login"],
        ["repeatedly", "keeps", "asks", "prompts", "requests"],
        ["printer", "print", "spooler", "printing"],
        ["update", "updates", "patch"],
    ];

    private readonly TestIndex _index = new();
    private readonly SemanticSearch _semantic = new();
    private readonly ConceptEmbedder _embedder = new(Concepts);
    private readonly ArticleSearchService _service;

    public HybridSearchTests()
    {
        _index.Add(
            Doc("prompt", "Mail client repeatedly requests credentials", "After a tenant change the desktop client prompts for credentials every few minutes."),
            Doc("update", "Windows Update fails with error 0x80070005", "Updates fail again and again with access denied 0x80070005 on managed laptops."),
            Doc("spooler", "Print Spooler service stops", "The spooler stops when a shared printer driver crashes."),
            Doc("calendar", "Outlook calendar shows meetings an hour late", "Time zone of the Outlook calendar is wrong after daylight saving."),
            Doc("internal-only", "Mailbox sign-in loop on the terminal servers", "Credentials requested repeatedly on RDS hosts.", audience: Audience.Internal),
            Doc("customer-doc", "Reset your password in the self-service portal", "Customers reset their own password.", audience: Audience.Customer, state: KcsState.Validated));
        _service = new ArticleSearchService(_index.Index, _semantic);
        _embedder.Serve(_semantic, Docs);
    }

    [Fact]
    public void A_settled_search_finds_an_article_that_says_the_same_thing_in_other_words()
    {
        var ids = Ids("outlook asks for my password again and again");

        Assert.Contains("prompt", ids);
        Assert.DoesNotContain("spooler", ids);
    }

    [Fact]
    public void Keystrokes_stay_lexical_and_the_semantic_step_joins_when_the_query_settles()
    {
        var typing = _service.Search(new SearchRequest { Query = "outlook asks for my password", PrefixLastTerm = true }).Hits.Select(h => h.Id).ToList();
        var calls = _embedder.Calls;
        _service.Search(new SearchRequest { Query = "outlook asks for my passwo", PrefixLastTerm = true });

        Assert.DoesNotContain("prompt", typing);
        Assert.Equal(calls, _embedder.Calls);
        Assert.Contains("prompt", Ids("outlook asks for my password"));
    }

    [Fact]
    public void The_model_reads_a_misspelt_query_as_the_engine_corrected_it()
    {
        var results = _service.Search(new SearchRequest { Query = "outlook keeps asking for my credentails again" });

        Assert.Equal("outlook keeps asking for my credentials again", results.DidYouMean);
        Assert.Equal("outlook keeps asking for my credentials again", _embedder.Texts[^1]);
        Assert.Contains("prompt", results.Hits.Select(h => h.Id));
    }

    [Fact]
    public void An_error_code_query_is_ranked_by_its_words_alone()
    {
        var lexical = new ArticleSearchService(_index.Index);
        var calls = _embedder.Calls;

        Assert.Equal(lexical.Search(new SearchRequest { Query = "0x80070005" }).Hits.Select(h => h.Id), Ids("0x80070005"));
        Assert.Equal(calls, _embedder.Calls);
    }

    [Fact]
    public void A_quoted_phrase_is_ranked_by_its_words_alone()
    {
        var lexical = new ArticleSearchService(_index.Index);
        Assert.Equal(lexical.Search(new SearchRequest { Query = "\"password again\"" }).Hits.Select(h => h.Id), Ids("\"password again\""));
    }

    [Fact]
    public void Customers_never_get_internal_articles_found_by_meaning()
    {
        var ids = _service.Search(new SearchRequest { Query = "mailbox keeps asking for credentials", Reader = KnowledgeBase.Core.Access.Reader.Customer(null) }).Hits.Select(h => h.Id).ToList();
        var suggested = _service.SuggestForTicket("mailbox keeps asking for credentials", "", null, KnowledgeBase.Core.Access.Reader.Customer(null), 8).Hits.Select(h => h.Id).ToList();

        Assert.DoesNotContain("internal-only", ids);
        Assert.DoesNotContain("prompt", ids);
        Assert.All(ids.Concat(suggested), id => Assert.Equal("customer-doc", id));
    }

    [Fact]
    public void Filters_hold_for_articles_found_by_meaning()
    {
        var ids = Ids("outlook asks for my password again and again", r => r with { Categories = ["printing"] });
        Assert.All(ids, id => Assert.Equal("spooler", id));
    }

    [Fact]
    public void Intake_suggests_only_the_articles_that_clear_the_relevance_floor()
    {
        var hits = _service.SuggestForTicket("Outlook asks for password again and again",
            "Hi, since this morning Outlook keeps asking me for my password, I type it and it asks again. Thanks, Dana", null, KnowledgeBase.Core.Access.Reader.Internal, 8).Hits;

        Assert.Equal("prompt", hits[0].Id);
        Assert.DoesNotContain(hits, h => h.Id is "update" or "spooler");
    }

    [Fact]
    public void Intake_suggests_nothing_when_no_article_is_close_enough()
    {
        // "again" and "fails" are in the Windows Update article; nothing is about a lift.
        var hits = _service.SuggestForTicket("Lift fails again", "The lift in building 2 fails again between floors.", null, KnowledgeBase.Core.Access.Reader.Internal, 8).Hits;
        var lexical = new ArticleSearchService(_index.Index).SuggestForTicket("Lift fails again", "The lift in building 2 fails again between floors.", null, KnowledgeBase.Core.Access.Reader.Internal, 8).Hits;

        Assert.NotEmpty(lexical);
        Assert.Empty(hits);
    }

    [Fact]
    public void Searches_stay_lexical_until_every_article_has_its_vector()
    {
        _semantic.SetBacklogDone(false);

        Assert.Equal(SemanticState.Embedding, _semantic.State);
        Assert.DoesNotContain("prompt", Ids("outlook asks for my password again and again"));
    }

    [Fact]
    public void The_editor_s_duplicate_check_finds_the_same_problem_in_other_words()
    {
        var similar = _service.Similar("Outlook keeps asking for the password", "Users get a password prompt again and again.", null, KnowledgeBase.Core.Access.Reader.Internal, 5);
        Assert.Contains(similar, h => h.Id == "prompt");
    }

    [Fact]
    public void A_search_that_matches_no_word_and_nothing_close_in_meaning_still_finds_nothing()
    {
        Assert.Empty(Ids("elevator noise building two"));
    }

    [Fact]
    public void Only_the_nearest_articles_found_by_meaning_alone_are_scored_and_the_same_ones_on_every_page()
    {
        // Five articles about the same problem in other words (none holds "outlook" or "password"); the further down
        // the list, the more other words dilute their meaning.
        var filler = new[] { "", "tenant", "tenant migration", "tenant migration weekend", "tenant migration weekend laptops" };
        var docs = filler.Select((extra, i) => Doc($"alike-{i}", $"Mail client keeps requesting credentials {extra}".Trim(), "Seen on managed laptops.")).ToArray();
        using var index = new TestIndex();
        index.Add(docs);
        using var semantic = new SemanticSearch(new SemanticOptions { MeaningOnlyCandidates = 2 });
        semantic.Attach(_embedder);
        foreach (var doc in docs) semantic.Vectors.Set(doc.Id, _embedder.Embed(EmbeddingText.For(doc.Title, doc.Issue)));
        semantic.SetBacklogDone(true);
        var service = new ArticleSearchService(index.Index, semantic);

        var first = service.Search(new SearchRequest { Query = "outlook password", Limit = 1 });
        var second = service.Search(new SearchRequest { Query = "outlook password", Offset = 1, Limit = 10 });

        Assert.Equal(["alike-0"], first.Hits.Select(h => h.Id));
        Assert.Equal(["alike-1"], second.Hits.Select(h => h.Id));
        Assert.Equal(2, second.TotalHits);
    }

    private List<string> Ids(string query, Func<SearchRequest, SearchRequest>? adjust = null)
    {
        var request = new SearchRequest { Query = query };
        return _service.Search(adjust is null ? request : adjust(request)).Hits.Select(h => h.Id).ToList();
    }

    private readonly List<SearchDocument> Docs = [];

    private SearchDocument Doc(string id, string title, string issue, Audience audience = Audience.Internal, KcsState state = KcsState.NotValidated)
    {
        var doc = new SearchDocument(id, title, issue, "", "", "", "", [], [id == "spooler" ? "printing" : "general"], state, audience, "", DateTime.UtcNow, 0, 1);
        Docs.Add(doc);
        return doc;
    }

    public void Dispose()
    {
        _index.Dispose();
        _semantic.Dispose();
    }
}
