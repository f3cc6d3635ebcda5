using System.Collections.Concurrent;
using KnowledgeBase.Core.Lifecycle;
using KnowledgeBase.Search.Semantic;
using KnowledgeBase.Web.Tests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace KnowledgeBase.Browser.Tests;

/// <summary>
/// The settled search (the semantic step) in real Chromium, with a stand-in for the language model whose query
/// vectors the test can hold back: results never reorder under someone who has started moving through them.
/// </summary>
public sealed class SettledSearchTests : IAsyncLifetime
{
    // The stand-in reads this article as the answer to every query: the settled search puts it first.
    private const string Answer = "VPN error 691";
    private readonly GatedEmbedder _embedder = new(Answer);
    private readonly BrowserFixture _browser;

    public SettledSearchTests()
    {
        var embedder = _embedder;
        ITextEmbedder Load(SemanticOptions options) => new SharedEmbedder(embedder);
        _browser = new BrowserFixture(new KnowledgeBaseSite(
            new Dictionary<string, string?>
            {
                ["Search:Semantic:Enabled"] = "true",
                // Meaning decides whatever the words: this test is about when results change, not how they are weighed.
                ["Search:Semantic:Weights:Short"] = "0.9",
                ["Search:Semantic:Weights:WeakLexical"] = "1000",
                ["Search:Semantic:Weights:StrongLexical"] = "1001",
            },
            services => services.AddSingleton(new Func<SemanticOptions, ITextEmbedder>(Load))));
    }

    public Task InitializeAsync() => _browser.InitializeAsync();

    public Task DisposeAsync() => _browser.DisposeAsync();

    [Fact]
    public async Task Results_stay_put_once_the_user_moves_into_them_and_the_settled_ranking_is_offered_instead()
    {
        var page = await _browser.SignedInPageAsync(KcsRole.Contributor);
        await _browser.WaitForSearchIndexAsync();
        await WaitForSemanticStepAsync();
        await BrowserFixture.GotoInteractiveAsync(page, "/");
        var box = page.GetByLabel("Search articles");
        var status = page.Locator("#search-status");
        var titles = page.Locator("#search-results li > a");

        // Left alone, the settled search replaces the keystroke results and ranks the stand-in's answer first.
        await box.PressSequentiallyAsync("vpn error");
        await Assertions.Expect(status).ToHaveAttributeAsync("data-settled", "true");
        await Assertions.Expect(titles.First).ToContainTextAsync(Answer);

        // Typed again, the settled search is held inside the model until the user has moved into the results.
        var held = _embedder.Hold("vpn errors");
        await box.FillAsync("");
        await box.PressSequentiallyAsync("vpn errors");
        await Assertions.Expect(status).ToHaveAttributeAsync("data-query", "vpn errors");
        var lexical = await titles.AllInnerTextsAsync();
        Assert.True(lexical.Count > 1, "the query finds several articles");
        Assert.DoesNotContain(Answer, lexical[0], StringComparison.Ordinal);
        await held.Entered.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await box.PressAsync("ArrowDown");
        await Assertions.Expect(page.Locator("#search-results li").First).ToHaveClassAsync("selected");
        held.Release();

        var offer = page.GetByRole(AriaRole.Button, new() { Name = "Show results ranked by meaning too" });
        await Assertions.Expect(offer).ToBeVisibleAsync();
        Assert.Equal(lexical, await titles.AllInnerTextsAsync());
        await Assertions.Expect(page.Locator("#search-results li").First).ToHaveClassAsync("selected");
        await PageChecks.ScreenshotAsync(page, "12-settled-results-held-back");
        // On a phone the offer is a line of its own above the list too.
        var desktop = page.ViewportSize;
        await page.SetViewportSizeAsync(390, 844);
        await Assertions.Expect(offer).ToBeVisibleAsync();
        await PageChecks.ScreenshotAsync(page, "12-settled-results-held-back-390");
        if (desktop is not null) await page.SetViewportSizeAsync(desktop.Width, desktop.Height);

        await offer.ClickAsync();
        await Assertions.Expect(titles.First).ToContainTextAsync(Answer);
        await Assertions.Expect(offer).Not.ToBeVisibleAsync();
    }

    private async Task WaitForSemanticStepAsync()
    {
        var semantic = _browser.Site.Services.GetRequiredService<SemanticSearch>();
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (!semantic.IsActive)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"semantic step not active: {semantic.State} {semantic.Failure}");
            await Task.Delay(50);
        }
    }

    /// <summary>
    /// Words hashed to dimensions (deterministic and instant); a text naming <paramref name="answer"/> and every query
    /// also share one dimension, so the answer is nearest to any query. A held query blocks until released.
    /// </summary>
    private sealed class GatedEmbedder(string answer) : ITextEmbedder
    {
        private readonly ConcurrentDictionary<string, Gate> _held = new(StringComparer.Ordinal);

        public string ModelKey { get; } = MiniLmEmbedder.KeyFor(MiniLmEmbedder.DefaultMaxPieces);

        public int Dimensions => MiniLmEmbedder.ModelDimensions;

        public Gate Hold(string query) => _held[query] = new Gate();

        public float[] Embed(string text, CancellationToken cancellationToken = default)
        {
            if (_held.TryGetValue(text, out var gate))
            {
                gate.Entered.TrySetResult();
                gate.Released.Task.Wait(TimeSpan.FromSeconds(60), cancellationToken);
            }
            var vector = new float[Dimensions];
            // Articles are embedded as "title. text"; queries are a few words.
            var isQuery = text.Length < 40;
            if (isQuery || text.Contains(answer, StringComparison.OrdinalIgnoreCase)) vector[0] = 40;
            foreach (var word in text.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries))
                vector[1 + (int)((uint)StringComparer.Ordinal.GetHashCode(word) % (uint)(Dimensions - 1))] += isQuery ? 0 : 1;
            var norm = MathF.Sqrt(vector.Sum(v => v * v));
            for (var i = 0; i < vector.Length; i++) vector[i] /= norm;
            return vector;
        }

        public void Dispose()
        {
        }
    }

    private sealed class Gate
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Released { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public void Release() => Released.TrySetResult();
    }

    private sealed class SharedEmbedder(ITextEmbedder inner) : ITextEmbedder
    {
        public string ModelKey => inner.ModelKey;
        public int Dimensions => inner.Dimensions;
        public float[] Embed(string text, CancellationToken cancellationToken = default) => inner.Embed(text, cancellationToken);
        public void Dispose() { }
    }
}
