using KnowledgeBase.Core.Articles;
using KnowledgeBase.Search.Semantic;

namespace KnowledgeBase.Search.Tests.Semantic;

/// <summary>
/// A settled query of known words starts the model alongside the lexical search (its time hides behind the lexical
/// search's on another core); a search whose words turn out to decide stops that run or keeps it from starting.
/// </summary>
public sealed class EarlyModelRunTests : IDisposable
{
    private readonly TestIndex _index = new();

    [Fact]
    public void A_pending_vector_is_computed_once_whoever_asks_first()
    {
        var runs = 0;
        var pending = PendingQueryVector.Start(_ => { Interlocked.Increment(ref runs); return [1f, 0f]; });

        Assert.Equal([1f, 0f], pending.Result()!);
        Assert.Equal([1f, 0f], pending.Result()!);
        Assert.Equal(1, runs);
    }

    [Fact]
    public void Abandoning_a_run_under_way_stops_it()
    {
        using var started = new ManualResetEventSlim();
        using var stopped = new ManualResetEventSlim();
        var pending = PendingQueryVector.Start(token =>
        {
            started.Set();
            if (token.WaitHandle.WaitOne(TimeSpan.FromSeconds(30))) stopped.Set();
            return [1f];
        });
        Assert.True(started.Wait(TimeSpan.FromSeconds(30)), "the pool never started the run");

        pending.Abandon();

        Assert.True(stopped.Wait(TimeSpan.FromSeconds(30)), "the run was not told to stop");
    }

    [Fact]
    public void A_model_error_reaches_the_search_that_asks_for_the_vector()
    {
        var pending = PendingQueryVector.Start(_ => throw new InvalidOperationException("model failed"));

        Assert.Equal("model failed", Assert.Throws<InvalidOperationException>(() => pending.Result()).Message);
    }

    [Fact]
    public void A_settled_query_of_known_words_uses_the_one_model_run_started_with_the_lexical_search()
    {
        var embedder = new ConceptEmbedder(["outlook", "mail"], ["password", "credentials"]);
        var (service, semantic) = Service(embedder, new SemanticOptions());
        var before = embedder.Calls;

        var ids = service.Search(new SearchRequest { Query = "outlook asks for my password" }).Hits.Select(h => h.Id).ToList();

        Assert.True(semantic.Options.Weights.StartsEarly(new QueryShape(5, 0, 0, false, 5)));
        Assert.Equal(before + 1, embedder.Calls);
        Assert.Contains("prompt", ids); // found by meaning alone: it holds neither word
    }

    [Fact]
    public void When_the_words_decide_the_early_model_run_is_stopped_and_the_results_are_the_lexical_ones()
    {
        // Any lexical match counts as strong here, so the words always decide after the lexical search.
        var options = new SemanticOptions { Weights = new FusionWeights { WeakLexical = 0.001f, StrongLexical = 0.002f } };
        var embedder = new BlockingEmbedder();
        var (service, _) = Service(embedder, options);
        var lexical = new ArticleSearchService(_index.Index);

        var ids = service.Search(new SearchRequest { Query = "outlook asks for my password" }).Hits.Select(h => h.Id);

        Assert.Equal(lexical.Search(new SearchRequest { Query = "outlook asks for my password" }).Hits.Select(h => h.Id), ids);
        // The run either never starts (the search claimed it first) or is told to stop; none runs to its end.
        if (embedder.Started.Wait(TimeSpan.FromMilliseconds(500)))
        {
            Assert.True(embedder.Done.Wait(TimeSpan.FromSeconds(10)), "the early model run never ended");
            Assert.True(embedder.Stopped, "the early model run was left to run to its end");
        }
    }

    private (ArticleSearchService Service, SemanticSearch Semantic) Service(ITextEmbedder embedder, SemanticOptions options)
    {
        var docs = new[]
        {
            new SearchDocument("prompt", "Mail client keeps requesting credentials", "The desktop client prompts for credentials every few minutes.", "", "", "", "", [], ["general"], KcsState.NotValidated, Audience.Internal, "", DateTime.UtcNow, 0, 1),
            new SearchDocument("outlook-password", "Outlook password field", "Where Outlook keeps a password.", "", "", "", "", [], ["general"], KcsState.NotValidated, Audience.Internal, "", DateTime.UtcNow, 0, 1),
            new SearchDocument("spooler", "Print Spooler service stops", "The spooler stops when a shared printer driver crashes.", "", "", "", "", [], ["printing"], KcsState.NotValidated, Audience.Internal, "", DateTime.UtcNow, 0, 1),
        };
        _index.Add(docs);
        var semantic = new SemanticSearch(options with { QueryCacheEntries = 0 });
        var concept = new ConceptEmbedder(["outlook", "mail"], ["password", "credentials"]);
        foreach (var doc in docs) semantic.Vectors.Set(doc.Id, concept.Embed(EmbeddingText.For(doc.Title, doc.Issue)));
        semantic.Attach(embedder);
        semantic.SetBacklogDone(true);
        return (new ArticleSearchService(_index.Index, semantic), semantic);
    }

    /// <summary>A model that takes as long as it is allowed to (up to 3 s) and says whether it was told to stop.</summary>
    private sealed class BlockingEmbedder : ITextEmbedder
    {
        public string ModelKey { get; } = MiniLmEmbedder.KeyFor(MiniLmEmbedder.DefaultMaxPieces);
        public int Dimensions => MiniLmEmbedder.ModelDimensions;
        public ManualResetEventSlim Started { get; } = new();
        public ManualResetEventSlim Done { get; } = new();
        public volatile bool Stopped;

        public float[] Embed(string text, CancellationToken cancellationToken = default)
        {
            Started.Set();
            try
            {
                if (!cancellationToken.WaitHandle.WaitOne(TimeSpan.FromSeconds(3))) return new float[Dimensions];
                Stopped = true;
                throw new OperationCanceledException(cancellationToken);
            }
            finally
            {
                Done.Set();
            }
        }

        public void Dispose()
        {
            Started.Dispose();
            Done.Dispose();
        }
    }

    public void Dispose() => _index.Dispose();
}
