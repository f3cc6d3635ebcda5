using System.Collections.Concurrent;
using KnowledgeBase.Search.Semantic;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Web.Tests;

/// <summary>
/// The search page's server prerender (a first load, and every address update while typing, which comes back as an
/// enhanced navigation) never runs the language model: only the live page's settled search does.
/// </summary>
public sealed class PrerenderSemanticTests : IAsyncLifetime
{
    private readonly CountingEmbedder _embedder = new();
    private readonly KnowledgeBaseSite _site;
    private HttpClient _client = null!;

    public PrerenderSemanticTests()
    {
        var embedder = _embedder;
        _site = new KnowledgeBaseSite(new Dictionary<string, string?>
            {
                ["Search:Semantic:Enabled"] = "true",
                // Meaning joins every settled query of plain words, however strongly its words match.
                ["Search:Semantic:Weights:WeakLexical"] = "1000",
                ["Search:Semantic:Weights:StrongLexical"] = "1001",
            },
            services => services.AddSingleton<Func<SemanticOptions, ITextEmbedder>>(_ => embedder));
    }

    public async Task InitializeAsync() => _client = await _site.SignedInClientAsync(KnowledgeBase.Core.Lifecycle.KcsRole.Contributor);

    public async Task DisposeAsync() => await _site.DisposeAsync();

    [Fact]
    public async Task Prerendering_the_search_page_for_a_query_does_not_run_the_model()
    {
        var semantic = _site.Services.GetRequiredService<SemanticSearch>();
        var until = DateTime.UtcNow.AddMinutes(5);
        while (!semantic.IsActive)
        {
            if (DateTime.UtcNow > until) throw new TimeoutException($"the semantic step never became active: {semantic.State}");
            await Task.Delay(100);
        }

        var page = await _client.GetStringAsync("/?q=outlook+keeps+asking+for+my+password");

        Assert.Contains("search-status", page);
        Assert.DoesNotContain("outlook keeps asking for my password", _embedder.Texts);
        // A settled search outside a prerender (as the live page and the API run it) does run the model.
        var service = _site.Services.GetRequiredService<KnowledgeBase.Search.Sync.SearchIndexHost>().Service!;
        service.Search(new KnowledgeBase.Search.SearchRequest { Query = "outlook keeps asking for the password" });
        Assert.Contains("outlook keeps asking for the password", _embedder.Texts);
    }

    /// <summary>Words hashed to dimensions (deterministic, instant), remembering every text it was given.</summary>
    private sealed class CountingEmbedder : ITextEmbedder
    {
        public ConcurrentBag<string> Texts { get; } = [];
        public string ModelKey { get; } = MiniLmEmbedder.KeyFor(MiniLmEmbedder.DefaultMaxPieces);
        public int Dimensions => MiniLmEmbedder.ModelDimensions;

        public float[] Embed(string text, CancellationToken cancellationToken = default)
        {
            Texts.Add(text);
            var vector = new float[Dimensions];
            vector[0] = 1;
            foreach (var word in text.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries))
                vector[1 + (int)((uint)StringComparer.Ordinal.GetHashCode(word) % (uint)(Dimensions - 1))] += 1;
            var norm = MathF.Sqrt(vector.Sum(v => v * v));
            for (var i = 0; i < vector.Length; i++) vector[i] /= norm;
            return vector;
        }

        public void Dispose()
        {
        }
    }
}
