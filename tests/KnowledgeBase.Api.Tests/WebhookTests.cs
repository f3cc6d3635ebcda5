using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KnowledgeBase.Core.Api;
using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Lifecycle;
using KnowledgeBase.Testing;
using Microsoft.EntityFrameworkCore;
using KnowledgeBase.Web.Api;

namespace KnowledgeBase.Api.Tests;

/// <summary>Signed webhooks from the durable outbox, received on loopback; on SQLite and on a real PostgreSQL.</summary>
public abstract class WebhookTests(WebhookTests.Fixture fixture) : IAsyncLifetime
{
    /// <summary>The class's site, started by the first test with its provider's settings.</summary>
    public sealed class Fixture : SharedApiSite
    {

        protected override async Task SeedAsync()
        {
            _ = await Api.KeyAsync();
        }
    }

    protected abstract Task<Dictionary<string, string?>> ProviderSettingsAsync();

    public Task InitializeAsync() => fixture.StartAsync(ProviderSettingsAsync);

    public Task DisposeAsync() => Task.CompletedTask;

    private ApiSite Api => fixture.Api;

    private static async Task<(long Id, string Secret)> SubscribeAsync(HttpClient client, string url, params string[] events)
    {
        var response = await client.PostAsJsonAsync("/api/v1/webhooks", new { url, events = events.Length == 0 ? WebhookEvents.All.ToArray() : events });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.BodyAsync();
        return (body.GetProperty("id").GetInt64(), body.GetProperty("secret").GetString()!);
    }

    [Fact]
    public async Task Each_article_event_and_a_ticket_link_arrive_signed_with_the_change_sequence_as_id()
    {
        await using var receiver = new WebhookReceiver();
        await receiver.StartAsync();
        var client = Api.Client(await Api.KeyAsync());
        var (_, secret) = await SubscribeAsync(client, receiver.Url);
        receiver.Secret = secret;

        var article = await Api.ArticleAsync("Webhook probe: label printer offline", KcsState.NotValidated);
        await Api.Articles.UpdateAsync(Actor.System, article.Id, 1, new ArticleEdit { Title = article.Title, Body = article.Body, State = KcsState.Validated });
        await Api.Articles.UpdateAsync(Actor.System, article.Id, 2, new ArticleEdit { Title = article.Title, Body = article.Body + "\nEdited.", State = KcsState.Validated });
        await Api.Articles.UpdateAsync(Actor.System, article.Id, 3, new ArticleEdit { Title = article.Title, Body = article.Body + "\nEdited.", State = KcsState.Archived });
        await Api.Articles.DeleteAsync(Actor.System, article.Id, 4);
        (await client.PutAsJsonAsync("/api/v1/tickets/cw/hooks/1", new { subject = "Printer offline", status = "open" })).EnsureSuccessStatusCode();
        var link = await (await client.PostAsJsonAsync("/api/v1/ticket-links", new { articleId = "kb-1001", ticket = new { system = "cw", instance = "hooks", id = "1" } })).BodyAsync();

        bool Of(JsonElement e, string type) => e.GetProperty("type").GetString() == type && e.GetProperty("data").GetProperty("articleId").GetString() == article.Id;
        var published = await receiver.WaitForAsync(e => Of(e, "article.published"), "published");
        var updated = await receiver.WaitForAsync(e => Of(e, "article.updated"), "updated");
        await receiver.WaitForAsync(e => Of(e, "article.archived"), "archived");
        var deleted = await receiver.WaitForAsync(e => Of(e, "article.deleted"), "deleted");
        var linked = await receiver.WaitForAsync(e => e.GetProperty("type").GetString() == "ticket_link.created", "link");
        Assert.Empty(receiver.BadSignatures);

        Assert.Equal("validated", published.GetProperty("data").GetProperty("state").GetString());
        Assert.Equal(2, published.GetProperty("data").GetProperty("version").GetInt32());
        Assert.Equal(article.Title, updated.GetProperty("data").GetProperty("title").GetString());
        Assert.EndsWith($"/articles/{article.Id}", deleted.GetProperty("data").GetProperty("url").GetString());
        Assert.Equal($"link-{link.GetProperty("id").GetInt64()}", linked.GetProperty("id").GetString());

        // The webhook id is the change feed's sequence of the same change.
        var feed = await (await client.GetAsync("/api/v1/changes?limit=100&cursor=" + Uri.EscapeDataString(Cursor.Encode("changes", long.Parse(published.GetProperty("id").GetString()!) - 1)))).BodyAsync();
        var first = feed.GetProperty("items").EnumerateArray().First();
        Assert.Equal(article.Id, first.GetProperty("articleId").GetString());
        Assert.Equal(2, first.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task The_signing_secret_is_stored_encrypted_and_deliveries_are_still_signed_with_it()
    {
        await using var receiver = new WebhookReceiver();
        await receiver.StartAsync();
        var client = Api.Client(await Api.KeyAsync());
        var (id, secret) = await SubscribeAsync(client, receiver.Url, WebhookEvents.ArticleUpdated);
        receiver.Secret = secret;

        var stored = await StoredSecretAsync(Api, id);
        Assert.DoesNotContain(secret, stored);
        Assert.DoesNotContain(secret["whsec_".Length..], stored);
        Assert.DoesNotContain(Convert.ToHexString(Convert.FromBase64String(secret["whsec_".Length..])), stored, StringComparison.OrdinalIgnoreCase);

        // The receiver checks the signature with the secret shown once: the stored form decrypts back to it.
        var test = await (await client.PostAsync($"/api/v1/webhooks/{id}/test", null)).BodyAsync();
        Assert.True(test.GetProperty("delivered").GetBoolean(), test.ToString());
        Assert.Empty(receiver.BadSignatures);
    }

    /// <summary>The Secret column as the database holds it (raw SQL, so no mapping can hide what is stored).</summary>
    internal static async Task<string> StoredSecretAsync(ApiSite api, long id)
    {
        await using var db = api.Service<KnowledgeBase.Data.KnowledgeBaseContextFactory>().CreateDbContext();
        return await db.Database.SqlQuery<string>($"SELECT \"Secret\" AS \"Value\" FROM \"WebhookSubscriptions\" WHERE \"Id\" = {id}").SingleAsync();
    }

    [Fact]
    public async Task A_customer_key_subscription_never_receives_internal_articles()
    {
        await using var receiver = new WebhookReceiver();
        await receiver.StartAsync();
        var customer = Api.Client(await Api.KeyAsync(Audience.Customer, ApiScopes.Read, ApiScopes.WebhooksManage));
        var (_, secret) = await SubscribeAsync(customer, receiver.Url, WebhookEvents.ArticlePublished);
        receiver.Secret = secret;

        var hidden = await Api.ArticleAsync("Internal only: domain admin reset runbook");
        var visible = await Api.ArticleAsync("Customer guide: reset your own password", KcsState.Validated, Audience.Customer);
        await receiver.WaitForAsync(e => e.GetProperty("data").GetProperty("articleId").GetString() == visible.Id, "customer article");
        await Task.Delay(1000);
        Assert.DoesNotContain(receiver.Events.Values, e => e.GetProperty("data").GetProperty("articleId").GetString() == hidden.Id);
        Assert.Empty(await Task.FromResult((await (await customer.GetAsync("/api/v1/webhooks")).BodyAsync()).GetProperty("items").EnumerateArray().Where(s => s.GetProperty("audience").GetString() != "customer")));
    }

    [Fact]
    public async Task A_customer_key_is_told_once_when_an_article_it_heard_of_leaves_its_sight_and_again_when_it_returns()
    {
        await using var receiver = new WebhookReceiver();
        await receiver.StartAsync();
        var keys = Api.Service<KnowledgeBase.Data.Api.ApiKeyStore>();
        var (_, fabrikamSecret) = await keys.CreateAsync("fab" + Guid.NewGuid().ToString("N")[..8], [ApiScopes.Read, ApiScopes.WebhooksManage], Audience.Customer, "Fabrikam", "test");
        var fabrikam = Api.Client(fabrikamSecret);
        var (_, secret) = await SubscribeAsync(fabrikam, receiver.Url, WebhookEvents.ArticlePublished, WebhookEvents.ArticleUpdated, WebhookEvents.ArticleWithdrawn);
        receiver.Secret = secret;

        // Every client's guide, then Contoso's only (retitled on the way), edited while it is, then every client's again.
        var guide = await Api.ArticleAsync("VPN guide: connect from home", KcsState.Validated, Audience.Customer);
        ArticleEdit Edit(string title, string body, params string[] clients) =>
            new() { Title = title, Body = body, State = KcsState.Validated, Audience = Audience.Customer, Clients = clients };
        await Api.Articles.UpdateAsync(Actor.System, guide.Id, 1, Edit("Contoso VPN: connect with the Contoso token", guide.Body, "Contoso"));
        await Api.Articles.UpdateAsync(Actor.System, guide.Id, 2, Edit("Contoso VPN: connect with the Contoso token", guide.Body + "\nToken PIN: ask Contoso IT.", "Contoso"));
        await Api.Articles.UpdateAsync(Actor.System, guide.Id, 3, Edit("VPN guide: connect from home", guide.Body));
        // A customer article made internal.
        var notice = await Api.ArticleAsync("Maintenance notice: mail migration", KcsState.Validated, Audience.Customer);
        await Api.Articles.UpdateAsync(Actor.System, notice.Id, 1, new ArticleEdit { Title = notice.Title, Body = notice.Body, State = KcsState.Validated, Audience = Audience.Internal });

        var back = await receiver.WaitForAsync(e => e.GetProperty("data").GetProperty("articleId").GetString() == guide.Id
                                                    && e.GetProperty("data").GetProperty("version").GetInt32() == 4, "the guide back in sight");
        await receiver.WaitForAsync(e => e.GetProperty("type").GetString() == WebhookEvents.ArticleWithdrawn
                                         && e.GetProperty("data").GetProperty("articleId").GetString() == notice.Id, "the notice withdrawn");
        Assert.Empty(receiver.BadSignatures);
        var told = receiver.Events.Values.Where(e => e.GetProperty("data").GetProperty("articleId").GetString() == guide.Id)
            .OrderBy(e => long.Parse(e.GetProperty("id").GetString()!)).ToList();
        Assert.Equal(["article.published:1", "article.withdrawn:2", "article.published:4"],
            told.Select(e => $"{e.GetProperty("type").GetString()}:{e.GetProperty("data").GetProperty("version").GetInt32()}"));
        // The withdrawal names the article as the key last saw it: never the title only Contoso may read.
        Assert.Equal("VPN guide: connect from home", told[1].GetProperty("data").GetProperty("title").GetString());
        Assert.DoesNotContain(receiver.Events.Values, e => e.GetRawText().Contains("Contoso token"));
        Assert.Equal(WebhookEvents.ArticlePublished, back.GetProperty("type").GetString());

        // The change feed tells the same, in order.
        var feed = await (await fabrikam.GetAsync("/api/v1/changes?limit=100&cursor=" + Uri.EscapeDataString(Cursor.Encode("changes", long.Parse(told[0].GetProperty("id").GetString()!) - 1)))).BodyAsync();
        var items = feed.GetProperty("items").EnumerateArray()
            .Select(i => $"{i.GetProperty("articleId").GetString()}:{i.GetProperty("type").GetString()}:{i.GetProperty("version").GetInt32()}").ToList();
        Assert.Equal([$"{guide.Id}:created:1", $"{guide.Id}:withdrawn:2", $"{guide.Id}:updated:4", $"{notice.Id}:created:1", $"{notice.Id}:withdrawn:2"],
            items.Where(i => i.StartsWith(guide.Id + ":") || i.StartsWith(notice.Id + ":")));

        // An internal key hears every change as it is, and no withdrawal.
        var internalFeed = await (await Api.Client(await Api.KeyAsync()).GetAsync("/api/v1/changes?limit=100&cursor=" + Uri.EscapeDataString(Cursor.Encode("changes", long.Parse(told[0].GetProperty("id").GetString()!) - 1)))).BodyAsync();
        Assert.Equal(["created:1", "updated:2", "updated:3", "updated:4"], internalFeed.GetProperty("items").EnumerateArray()
            .Where(i => i.GetProperty("articleId").GetString() == guide.Id).Select(i => $"{i.GetProperty("type").GetString()}:{i.GetProperty("version").GetInt32()}"));
    }

    [Fact]
    public async Task Subscriptions_are_managed_per_key_and_the_test_endpoint_delivers_and_logs()
    {
        await using var receiver = new WebhookReceiver();
        await receiver.StartAsync();
        var client = Api.Client(await Api.KeyAsync());
        var other = Api.Client(await Api.KeyAsync());
        var (id, secret) = await SubscribeAsync(client, receiver.Url, WebhookEvents.ArticleUpdated);
        receiver.Secret = secret;

        var listed = await (await client.GetAsync("/api/v1/webhooks")).BodyAsync();
        var subscription = Assert.Single(listed.GetProperty("items").EnumerateArray());
        Assert.False(subscription.TryGetProperty("secret", out _));
        await (await other.GetAsync($"/api/v1/webhooks/{id}")).AssertProblemAsync(404, ApiProblems.NotFound);

        var test = await (await client.PostAsync($"/api/v1/webhooks/{id}/test", null)).BodyAsync();
        Assert.True(test.GetProperty("delivered").GetBoolean());
        Assert.Equal(204, test.GetProperty("statusCode").GetInt32());
        Assert.Contains(receiver.Events.Values, e => e.GetProperty("type").GetString() == WebhookEvents.Test);
        var log = await (await client.GetAsync($"/api/v1/webhooks/{id}/deliveries")).BodyAsync();
        Assert.Equal(204, log.GetProperty("items")[0].GetProperty("statusCode").GetInt32());

        await (await client.PostAsJsonAsync("/api/v1/webhooks", new { url = "ftp://example.com/x", events = new[] { "article.updated" } })).AssertProblemAsync(400, ApiProblems.Validation);
        await (await client.PostAsJsonAsync("/api/v1/webhooks", new { url = "https://example.com/x", events = new[] { "article.exploded" } })).AssertProblemAsync(400, ApiProblems.Validation);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/webhooks/{id}")).StatusCode);
        await (await client.GetAsync($"/api/v1/webhooks/{id}")).AssertProblemAsync(404, ApiProblems.NotFound);
    }

    [Fact]
    public async Task A_failing_receiver_is_retried_with_backoff_and_each_attempt_is_logged()
    {
        await using var receiver = new WebhookReceiver();
        await receiver.StartAsync();
        receiver.Secret = "whsec_" + Convert.ToBase64String(new byte[24]); // wrong on purpose: the receiver answers 400
        var client = Api.Client(await Api.KeyAsync());
        var (id, secret) = await SubscribeAsync(client, receiver.Url, WebhookEvents.ArticlePublished);
        var article = await Api.ArticleAsync("Retry probe: scanner offline");
        for (var i = 0; i < 100 && receiver.BadSignatures.Count < 2; i++) await Task.Delay(100);
        Assert.True(receiver.BadSignatures.Count >= 2, "the failed delivery was not retried");
        receiver.Secret = secret;
        await receiver.WaitForAsync(e => e.GetProperty("data").GetProperty("articleId").GetString() == article.Id, "after retries");
        List<JsonElement> attempts = [];
        for (var i = 0; i < 50; i++)
        {
            var log = await (await client.GetAsync($"/api/v1/webhooks/{id}/deliveries")).BodyAsync();
            attempts = log.GetProperty("items").EnumerateArray().ToList();
            if (attempts[0].GetProperty("statusCode").GetInt32() == 204) break;
            await Task.Delay(100);
        }
        Assert.Contains(attempts, a => a.GetProperty("statusCode").GetInt32() == 400);
        Assert.Equal(204, attempts[0].GetProperty("statusCode").GetInt32());
    }
}

public sealed class SqliteWebhookTests(WebhookTests.Fixture fixture) : WebhookTests(fixture), IClassFixture<WebhookTests.Fixture>
{
    protected override Task<Dictionary<string, string?>> ProviderSettingsAsync() => Task.FromResult(new Dictionary<string, string?>());
}

[Collection(KnowledgeBase.Testing.PostgresCollection.Name)]
public sealed class PostgresWebhookTests(PostgresServerFixture postgres, WebhookTests.Fixture fixture) : WebhookTests(fixture), IClassFixture<WebhookTests.Fixture>
{
    protected override Task<Dictionary<string, string?>> ProviderSettingsAsync() => Providers.PostgresAsync(postgres.Server);
}

/// <summary>Deliveries pending when the site stops are delivered by the next site on the same database and data folder.</summary>
public abstract class WebhookRestartTests
{
    protected abstract Task<Dictionary<string, string?>> ProviderSettingsAsync();

    [Fact]
    public async Task A_restart_with_deliveries_pending_still_delivers_every_event()
    {
        var settings = await ProviderSettingsAsync();
        using var data = new ScratchDataDirectory(settings, "kb-api-restart-");
        await using var receiver = new WebhookReceiver();
        var expected = new List<string>();
        await using (var first = new ApiSite(settings))
        {
            var client = first.Client(await first.KeyAsync());
            var (_, secret) = await SubscribeAsync(client, receiver.Url);
            receiver.Secret = secret;
            for (var i = 0; i < 5; i++)
            {
                var article = await first.ArticleAsync($"Restart probe {i}: mapped drive disconnects");
                await first.Articles.UpdateAsync(Actor.System, article.Id, 1, new ArticleEdit { Title = article.Title, Body = article.Body + "\nv2", State = KcsState.Validated });
            }
            // The receiver is down: the deliveries are queued and fail until the site stops.
            for (var i = 0; i < 100; i++)
            {
                var queued = first.Service<KnowledgeBase.Data.KnowledgeBaseContextFactory>().CreateDbContext();
                await using (queued)
                {
                    if (queued.WebhookDeliveries.Count() >= 10 && queued.WebhookAttempts.Any()) break;
                }
                await Task.Delay(100);
            }
            await using var db = first.Service<KnowledgeBase.Data.KnowledgeBaseContextFactory>().CreateDbContext();
            expected = db.WebhookDeliveries.Select(d => d.EventId).ToList();
            Assert.Equal(10, expected.Count);
            Assert.All(db.WebhookDeliveries, d => Assert.Equal(KnowledgeBase.Core.Api.DeliveryStatus.Pending, d.Status));
        }

        await receiver.StartAsync();
        await using var second = new ApiSite(settings);
        _ = second.Site.ServerAddress;
        for (var i = 0; i < 300 && !expected.All(receiver.Events.ContainsKey); i++) await Task.Delay(100);
        Assert.Equal(expected.Order(), receiver.Events.Keys.Where(expected.Contains).Order());
        Assert.Empty(receiver.BadSignatures);
    }

    [Fact]
    public async Task A_node_stopped_while_a_receiver_is_answering_lets_the_delivery_finish_and_the_next_node_does_not_post_it_again()
    {
        var settings = await ProviderSettingsAsync();
        using var data = new ScratchDataDirectory(settings, "kb-api-stop-");
        await using var receiver = new WebhookReceiver();
        await receiver.StartAsync();
        var first = new ApiSite(settings);
        var key = await first.KeyAsync();
        var (hook, secret) = await SubscribeAsync(first.Client(key), receiver.Url, WebhookEvents.ArticlePublished);
        receiver.Secret = secret;
        // The receiver has the event and is slow to answer: the node is stopped (a rolling restart) meanwhile.
        receiver.Hold();
        await first.ArticleAsync("Stop probe: the scanner cannot send e-mail", KcsState.Validated);
        await first.StopWhileAnsweringAsync(() => receiver.Waiting, receiver.Release, "the delivery");

        // The next node: it takes the lease and would post anything the stopped node released.
        await using var second = new ApiSite(settings);
        var log = second.Client(key);
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Single(receiver.Requests);
        var attempt = Assert.Single((await (await log.GetAsync($"/api/v1/webhooks/{hook}/deliveries")).BodyAsync()).GetProperty("items").EnumerateArray());
        Assert.Equal(204, attempt.GetProperty("statusCode").GetInt32());
    }

    [Fact]
    public async Task A_secret_stored_in_clear_by_an_earlier_version_still_signs_and_is_encrypted_at_the_next_start()
    {
        var settings = await ProviderSettingsAsync();
        using var data = new ScratchDataDirectory(settings, "kb-api-legacy-");
        await using var legacy = new WebhookReceiver();
        await using var warmUp = new WebhookReceiver();
        await legacy.StartAsync();
        await warmUp.StartAsync();
        legacy.Secret = "whsec_" + Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));
        long id;
        await using (var first = new ApiSite(settings))
        {
            // Once a delivery arrives the dispatcher is past its start, so a row added now stays as written until the next start.
            var (_, warmUpSecret) = await SubscribeAsync(first.Client(await first.KeyAsync()), warmUp.Url);
            warmUp.Secret = warmUpSecret;
            var warm = await first.ArticleAsync("Legacy secret warm-up: VPN drops every hour");
            await warmUp.WaitForAsync(e => e.GetProperty("data").GetProperty("articleId").GetString() == warm.Id, "warm-up");

            await using (var db = first.Service<KnowledgeBase.Data.KnowledgeBaseContextFactory>().CreateDbContext())
            {
                var row = new WebhookSubscription
                {
                    Url = legacy.Url, Events = WebhookEvents.ArticlePublished, Secret = legacy.Secret, Audience = Audience.Internal,
                    CreatedBy = "an earlier version", CreatedAt = DateTime.UtcNow,
                };
                db.WebhookSubscriptions.Add(row);
                await db.SaveChangesAsync();
                id = row.Id;
            }
            var before = await first.ArticleAsync("Legacy secret probe 1: VPN drops every hour");
            await legacy.WaitForAsync(e => e.GetProperty("data").GetProperty("articleId").GetString() == before.Id, "signed with the secret stored in clear");
            Assert.Equal(legacy.Secret, await WebhookTests.StoredSecretAsync(first, id));
        }

        await using var second = new ApiSite(settings);
        _ = second.Site.ServerAddress;
        var stored = legacy.Secret;
        for (var i = 0; i < 100 && stored == legacy.Secret; i++)
        {
            await Task.Delay(100);
            stored = await WebhookTests.StoredSecretAsync(second, id);
        }
        Assert.DoesNotContain(legacy.Secret["whsec_".Length..], stored);
        var after = await second.ArticleAsync("Legacy secret probe 2: VPN drops every hour");
        await legacy.WaitForAsync(e => e.GetProperty("data").GetProperty("articleId").GetString() == after.Id, "signed with the now encrypted secret");
        Assert.Empty(legacy.BadSignatures);
    }

    private static async Task<(long Id, string Secret)> SubscribeAsync(HttpClient client, string url, params string[] events)
    {
        var body = await (await client.PostAsJsonAsync("/api/v1/webhooks", new { url, events = events.Length == 0 ? WebhookEvents.All.ToArray() : events })).BodyAsync();
        return (body.GetProperty("id").GetInt64(), body.GetProperty("secret").GetString()!);
    }
}

public sealed class SqliteWebhookRestartTests : WebhookRestartTests
{
    protected override Task<Dictionary<string, string?>> ProviderSettingsAsync() => Task.FromResult(new Dictionary<string, string?>());
}

[Collection(KnowledgeBase.Testing.PostgresCollection.Name)]
public sealed class PostgresWebhookRestartTests(PostgresServerFixture postgres) : WebhookRestartTests
{
    protected override Task<Dictionary<string, string?>> ProviderSettingsAsync() => Providers.PostgresAsync(postgres.Server);
}
