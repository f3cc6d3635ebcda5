using KnowledgeBase.Testing;

namespace KnowledgeBase.Web.Tests;

/// <summary>
/// The one site test that loads the real model from its NuGet package: a new site answers (lexically) while the starter
/// content is embedded in the background, then turns semantic, and the admin page shows the configuration and progress.
/// </summary>
public sealed class SemanticSiteTests : IAsyncLifetime
{
    private readonly KnowledgeBaseSite _site = new(new Dictionary<string, string?> { ["Search:Semantic:Enabled"] = "true" });
    private HttpClient _admin = null!;

    public async Task InitializeAsync() => _admin = await _site.SignedInClientAsync(KnowledgeBase.Core.Lifecycle.KcsRole.Admin);

    public async Task DisposeAsync() => await _site.DisposeAsync();

    [Fact]
    public async Task A_new_site_embeds_its_starter_content_in_the_background_and_then_searches_by_meaning()
    {
        // The site serves at once; searches match words until every article has its vector.
        Assert.Equal(System.Net.HttpStatusCode.OK, (await _admin.GetAsync("/?q=outlook+password")).StatusCode);
        var starterFiles = Directory.GetFiles(Path.Combine(RepositoryPaths.Content, "articles"), "*.md").Length;

        var admin = await WaitForAsync("<dd>active</dd>", TimeSpan.FromMinutes(10));

        Assert.Contains("on (Search:Semantic:Enabled = true)", admin);
        Assert.Contains($"{starterFiles} of {starterFiles}", admin);
        Assert.Contains("all-MiniLM-L6-v2@24.9.52193/wp256/int8, 8-bit weights (Search:Semantic:Precision = Int8)", admin);
        Assert.Contains($"<dt>Vectors in memory</dt><dd>{starterFiles}</dd>", admin);
    }

    /// <summary>The admin page once it shows <paramref name="text"/> (a static page: asked again every half second).</summary>
    private async Task<string> WaitForAsync(string text, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (true)
        {
            var page = await _admin.GetStringAsync("/admin/search");
            Assert.Contains("Search by meaning", page);
            if (page.Contains(text, StringComparison.Ordinal)) return page;
            if (DateTime.UtcNow > until) throw new TimeoutException($"the admin page never showed {text}");
            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
    }
}
