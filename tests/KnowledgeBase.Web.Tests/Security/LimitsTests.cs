using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KnowledgeBase.Core.Api;
using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Lifecycle;
using KnowledgeBase.Data.Api;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Web.Tests.Security;

/// <summary>Issue #14 point 10: the caps on tags, webhook subscriptions per key, and the pages of long lists.</summary>
public sealed class LimitsTests : IAsyncLifetime
{
    private readonly KnowledgeBaseSite _site = new(new Dictionary<string, string?>
    {
        ["Api:RateLimit:PermitsPerMinute"] = "100000", ["Api:Webhooks:AllowPrivateTargets"] = "true",
    });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _site.DisposeAsync();

    private async Task<HttpClient> KeyClientAsync()
    {
        _ = _site.ServerAddress;
        var (_, secret) = await _site.Services.GetRequiredService<ApiKeyStore>().CreateAsync("limits-" + Guid.NewGuid().ToString("N")[..8], ApiScopes.All, Audience.Internal, "test");
        var client = _site.CreateLoopbackClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", secret);
        return client;
    }

    [Fact]
    public async Task A_300000_character_tag_is_refused_naming_the_tags_instead_of_being_cut()
    {
        var client = await KeyClientAsync();
        var response = await client.PostAsJsonAsync("/api/v1/articles", new { title = "Scanner offline", markdown = "## Issue\nOffline.\n", tags = new[] { new string('x', 300_000) } });
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"tags\"", body);
        Assert.Contains("at most 50 characters", body);
    }

    [Fact]
    public async Task A_key_holds_at_most_25_webhook_subscriptions_and_lists_them_in_pages()
    {
        var client = await KeyClientAsync();
        for (var i = 0; i < WebhookSubscription.MaxPerKey; i++)
        {
            var created = await client.PostAsJsonAsync("/api/v1/webhooks", new { url = $"http://127.0.0.1:9/hook{i}", events = new[] { "article.updated" } });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
        var refused = await client.PostAsJsonAsync("/api/v1/webhooks", new { url = "http://127.0.0.1:9/one-too-many", events = new[] { "article.updated" } });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("urn:kb:problem:limit-reached", problem.GetProperty("type").GetString());
        Assert.Contains("25 webhook subscriptions", problem.GetProperty("detail").GetString());

        // Another key is not affected by this one's subscriptions.
        var other = await KeyClientAsync();
        Assert.Equal(HttpStatusCode.Created, (await other.PostAsJsonAsync("/api/v1/webhooks", new { url = "http://127.0.0.1:9/other", events = new[] { "article.updated" } })).StatusCode);

        var seen = new List<long>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = JsonDocument.Parse(await client.GetStringAsync("/api/v1/webhooks?limit=10" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)))).RootElement;
            var items = page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).ToList();
            Assert.True(items.Count <= 10);
            seen.AddRange(items);
            cursor = page.GetProperty("nextCursor").GetString();
            pages++;
        } while (cursor is not null);
        Assert.Equal(WebhookSubscription.MaxPerKey, seen.Distinct().Count());
        Assert.Equal(3, pages);
        var badLimit = await client.GetAsync("/api/v1/webhooks?limit=1000");
        Assert.Equal(HttpStatusCode.BadRequest, badLimit.StatusCode);
        Assert.Contains("limit", await badLimit.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_api_keys_page_shows_keys_fifty_at_a_time()
    {
        var store = _site.Services.GetRequiredService<ApiKeyStore>();
        _ = _site.ServerAddress;
        for (var i = 0; i < 120; i++) await store.CreateAsync($"bulk-{i:D3}", [ApiScopes.Read], Audience.Internal, "test");
        var admin = await _site.SignedInClientAsync(KcsRole.Admin);

        var first = WebUtility.HtmlDecode(await admin.GetStringAsync("/admin/api-keys"));
        Assert.Contains("bulk-000", first);
        Assert.DoesNotContain("bulk-050", first);
        Assert.Contains("1–50 of 120", first);
        Assert.Contains("admin/api-keys?keys=2", first);
        var third = WebUtility.HtmlDecode(await admin.GetStringAsync("/admin/api-keys?keys=3"));
        Assert.Contains("bulk-119", third);
        Assert.Contains("101–120 of 120", third);
        Assert.DoesNotContain("Next keys", third);
    }
}
