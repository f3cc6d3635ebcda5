using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KnowledgeBase.Core.Api;
using KnowledgeBase.Core.Articles;
using KnowledgeBase.Data.Api;
using KnowledgeBase.Testing;
using KnowledgeBase.Web.Api;

namespace KnowledgeBase.Api.Tests;

/// <summary>
/// The server-side request forgery guard of webhooks, on a site with the default policy (internal targets refused):
/// refused when subscribing (400 naming <c>url</c>) and again when a delivery connects.
/// </summary>
public sealed class WebhookTargetTests(WebhookTargetTests.Fixture fixture) : IClassFixture<WebhookTargetTests.Fixture>
{
    public sealed class Fixture : IAsyncLifetime
    {
        public ApiSite Api { get; } = new(new Dictionary<string, string?> { ["Api:Webhooks:AllowPrivateTargets"] = "false" });
        public HttpClient Client { get; private set; } = null!;
        public long KeyId { get; private set; }

        public async Task InitializeAsync()
        {
            var secret = await Api.KeyAsync(Audience.Internal, ApiScopes.Read, ApiScopes.WebhooksManage);
            Client = Api.Client(secret);
            KeyId = (await Api.Service<ApiKeyStore>().ListAsync()).Single(k => k.KeyId == secret.Split('_')[2]).Id;
        }

        public async Task DisposeAsync() => await Api.DisposeAsync();
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080/hook", "loopback")]
    [InlineData("http://localhost/hook", "loopback")]
    [InlineData("http://[::1]/hook", "loopback")]
    [InlineData("http://2130706433/hook", "loopback")]
    [InlineData("http://0.0.0.0/hook", "unspecified")]
    [InlineData("http://10.1.2.3/hook", "private")]
    [InlineData("http://172.16.5.4/hook", "private")]
    [InlineData("https://192.168.1.10/hook", "private")]
    [InlineData("http://[::ffff:192.168.1.10]/hook", "private")]
    [InlineData("http://169.254.10.10/hook", "link-local")]
    [InlineData("http://[fe80::1]/hook", "link-local")]
    [InlineData("http://[fd12:3456::1]/hook", "unique-local")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "metadata")]
    [InlineData("http://[fd00:ec2::254]/latest/meta-data/", "metadata")]
    [InlineData("http://100.100.100.200/latest/meta-data/", "metadata")]
    [InlineData("http://168.63.129.16/machine", "metadata")]
    [InlineData("http://100.64.1.1/hook", "shared")]
    [InlineData("http://224.0.0.251/hook", "multicast")]
    [InlineData("http://240.1.2.3/hook", "reserved")]
    [InlineData("http://[fec0::1]/hook", "site-local")]
    [InlineData("http://[64:ff9b::a00:1]/hook", "private")]
    [InlineData("http://[2002:7f00:1::1]/hook", "loopback")]
    [InlineData("ftp://files.example.com/hook", "http or https")]
    [InlineData("file:///etc/passwd", "http or https")]
    public async Task Subscribing_a_url_inside_the_network_or_of_another_scheme_is_a_400_naming_the_url(string url, string why)
    {
        var response = await fixture.Client.PostAsJsonAsync("/api/v1/webhooks", new { url, events = new[] { WebhookEvents.ArticleUpdated } });
        await response.AssertProblemAsync(400, ApiProblems.Validation);
        var message = (await response.BodyAsync()).GetProperty("errors").GetProperty("url")[0].GetString()!;
        Assert.Contains(why, message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain((await (await fixture.Client.GetAsync("/api/v1/webhooks")).BodyAsync()).GetProperty("items").EnumerateArray(),
            s => s.GetProperty("url").GetString() == url);
    }

    [Fact]
    public async Task The_admin_page_refuses_an_internal_url_with_the_same_message()
    {
        var admin = await fixture.Api.Site.SignedInClientAsync(KnowledgeBase.Core.Lifecycle.KcsRole.Admin);
        var response = await KnowledgeBase.Web.Tests.KnowledgeBaseSite.PostFormAsync(admin, "/admin/api-keys", "create-hook", new()
        {
            ["Hook.Url"] = "http://169.254.169.254/latest/meta-data/", ["Hook.Events"] = WebhookEvents.ArticleUpdated, ["Hook.Audience"] = "Internal",
        });
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("The url is refused: 169.254.169.254 is a cloud metadata endpoint.", page);
        Assert.DoesNotContain(await fixture.Api.Service<WebhookStore>().ListAsync(null), s => s.Url.Contains("169.254.169.254", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_url_on_a_public_address_is_accepted()
    {
        // 203.0.113.0/24 is documentation space: public as far as the policy knows, and it never reaches anyone.
        var response = await fixture.Client.PostAsJsonAsync("/api/v1/webhooks", new { url = "https://203.0.113.10/hooks/kb", events = new[] { WebhookEvents.ArticleDeleted } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await fixture.Client.DeleteAsync($"/api/v1/webhooks/{(await response.BodyAsync()).GetProperty("id").GetInt64()}")).StatusCode);
    }

    [Fact]
    public async Task A_target_that_resolves_inside_the_network_when_delivering_is_never_contacted_and_the_log_says_why()
    {
        await using var receiver = new WebhookReceiver();
        await receiver.StartAsync();
        // As if the name pointed outside when subscribing and was re-pointed since: the row is there, the address is not allowed.
        var subscription = new WebhookSubscription
        {
            Url = $"http://localhost:{receiver.Port}/hook", Events = WebhookEvents.ArticlePublished, Secret = "whsec_" + Convert.ToBase64String(new byte[24]),
            Audience = Audience.Internal, OwnerKeyId = fixture.KeyId, CreatedBy = "test", CreatedAt = DateTime.UtcNow,
        };
        await using (var db = fixture.Api.Service<KnowledgeBase.Data.KnowledgeBaseContextFactory>().CreateDbContext())
        {
            db.WebhookSubscriptions.Add(subscription);
            await db.SaveChangesAsync();
        }

        await fixture.Api.ArticleAsync("Rebinding probe: printer queue stuck");
        List<JsonElement> attempts = [];
        for (var i = 0; i < 100 && attempts.Count == 0; i++)
        {
            await Task.Delay(100);
            attempts = (await (await fixture.Client.GetAsync($"/api/v1/webhooks/{subscription.Id}/deliveries")).BodyAsync()).GetProperty("items").EnumerateArray().ToList();
        }
        Assert.NotEmpty(attempts);
        Assert.All(attempts, attempt =>
        {
            Assert.Equal(JsonValueKind.Null, attempt.GetProperty("statusCode").ValueKind);
            Assert.Contains($"localhost resolves to", attempt.GetProperty("error").GetString());
            Assert.Contains("loopback", attempt.GetProperty("error").GetString());
        });

        var test = await (await fixture.Client.PostAsync($"/api/v1/webhooks/{subscription.Id}/test", null)).BodyAsync();
        Assert.False(test.GetProperty("delivered").GetBoolean());
        Assert.Contains("loopback", test.GetProperty("error").GetString());
        Assert.Equal(0, receiver.Received);
    }

    [Fact]
    public async Task A_network_on_the_allow_list_receives_webhooks_although_it_is_internal()
    {
        await using var api = new ApiSite(new Dictionary<string, string?>
        {
            ["Api:Webhooks:AllowPrivateTargets"] = "false", ["Api:Webhooks:AllowedNetworks:0"] = "127.0.0.0/8",
        });
        await using var receiver = new WebhookReceiver();
        await receiver.StartAsync();
        var client = api.Client(await api.KeyAsync(Audience.Internal, ApiScopes.WebhooksManage));
        var created = await client.PostAsJsonAsync("/api/v1/webhooks", new { url = receiver.Url, events = new[] { WebhookEvents.ArticlePublished } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.BodyAsync();
        receiver.Secret = body.GetProperty("secret").GetString()!;

        var article = await api.ArticleAsync("Allow-list probe: scanner to folder fails");
        await receiver.WaitForAsync(e => e.GetProperty("data").GetProperty("articleId").GetString() == article.Id, "delivery to the allowed network");
        Assert.Empty(receiver.BadSignatures);
        // Other internal ranges stay refused.
        await (await client.PostAsJsonAsync("/api/v1/webhooks", new { url = "http://10.0.0.5/hook", events = new[] { WebhookEvents.ArticlePublished } }))
            .AssertProblemAsync(400, ApiProblems.Validation);
    }

    [Fact]
    public async Task An_allowed_network_that_is_not_a_cidr_range_stops_the_site_at_start_naming_the_setting()
    {
        await using var api = new ApiSite(new Dictionary<string, string?> { ["Api:Webhooks:AllowedNetworks:0"] = "the office" });
        var error = Assert.ThrowsAny<Exception>(() => api.Site.ServerAddress);
        Assert.Contains("Api:Webhooks:AllowedNetworks", error.ToString());
    }
}
