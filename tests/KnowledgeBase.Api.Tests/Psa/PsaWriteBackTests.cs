using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using KnowledgeBase.Core.Api;
using KnowledgeBase.Core.Psa;
using KnowledgeBase.Data.Psa;
using KnowledgeBase.Testing;

namespace KnowledgeBase.Api.Tests.Psa;

/// <summary>
/// Write-back (docs/psa.md "Write-back"): a ticket linked as solved gets an internal note through the vendor's documented
/// REST call, posted by the outbox after the link was answered, retried with backoff while the PSA fails. A loopback
/// server plays each PSA and the test checks the request's documented shape. On SQLite and PostgreSQL.
/// </summary>
public abstract class PsaWriteBackTests(PsaWriteBackTests.Fixture fixture) : IAsyncLifetime
{
    public sealed class Fixture : SharedApiSite
    {
        public string Key { get; private set; } = "";

        protected override void Configure(Dictionary<string, string?> settings)
        {
            settings["Psa:PollSeconds"] = "0.1";
            settings["Psa:RetryBaseSeconds"] = "0.2";
        }

        protected override async Task SeedAsync()
        {
            Key = await Api.KeyAsync();
        }
    }

    protected abstract Task<Dictionary<string, string?>> ProviderSettingsAsync();

    public Task InitializeAsync() => fixture.StartAsync(ProviderSettingsAsync);

    public Task DisposeAsync() => Task.CompletedTask;

    private ApiSite Api => fixture.Api;
    private PsaInstanceStore Instances => Api.Service<PsaInstanceStore>();

    private async Task<PsaInstance> InstanceAsync(PsaSystem system, string apiBase, PsaCredentials credentials, bool writeBack = true)
    {
        var slug = system.Wire() + "-" + Guid.NewGuid().ToString("N")[..8];
        var input = new PsaInstanceInput { Slug = slug, System = system, DisplayName = system.Display(), TicketInstance = slug + ".example.com", ApiBaseUrl = apiBase };
        var created = await Instances.CreateAsync("admin@test.local", input);
        await Instances.SetCredentialsAsync("admin@test.local", created.Instance.Id, credentials);
        return await Instances.UpdateAsync("admin@test.local", created.Instance.Id, input with { WriteBackEnabled = writeBack });
    }

    /// <summary>Links the ticket as the API's integrations do; returns how long the link took to answer.</summary>
    private async Task<TimeSpan> LinkSolvedAsync(PsaInstance instance, string ticketId, string articleId)
    {
        var client = Api.Client(fixture.Key);
        var system = instance.System.Wire();
        (await client.PutAsync($"/api/v1/tickets/{system}/{instance.TicketInstance}/{ticketId}", Json.Raw("""{"subject":"Printer offline","status":"open"}"""))).EnsureSuccessStatusCode();
        var clock = Stopwatch.StartNew();
        var response = await client.PostAsync("/api/v1/ticket-links", Json.Of(new
        {
            articleId, ticket = new { system, instance = instance.TicketInstance, id = ticketId }, type = "resolved", linkedBy = "ana.lima@test.local",
        }));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return clock.Elapsed;
    }

    private async Task<PsaWriteBack> NoteAsync(PsaInstance instance, string ticketId, Func<PsaWriteBack, bool> until)
    {
        for (var i = 0; i < 300; i++)
        {
            var note = (await Api.Service<PsaWriteBackStore>().OfTicketAsync(instance.Id, ticketId)).SingleOrDefault();
            if (note is not null && until(note)) return note;
            await Task.Delay(100);
        }
        throw new TimeoutException("the note did not reach the expected state");
    }

    [Fact]
    public async Task HaloPSA_gets_a_private_note_through_its_Actions_call_after_two_failures_and_the_link_never_waits()
    {
        await using var halo = new FakePsa();
        await halo.StartAsync();
        halo.Answer("POST", "/auth/token", """{"access_token":"halo-token-1","token_type":"Bearer","expires_in":3600}""");
        halo.Answer("POST", "/api/Actions", """[{"id":9001,"ticket_id":1042,"outcome":"Private Note"}]""", 201);
        halo.FailNext("POST", "/api/Actions", 2);
        var instance = await InstanceAsync(PsaSystem.Halo, halo.BaseUrl, new PsaCredentials { ClientId = "kb-app", ClientSecret = "halo-secret", Tenant = "acme" });
        var article = await Api.ArticleAsync("Printer offline after the spooler update");

        await LinkSolvedAsync(instance, "1042", article.Id);
        var note = await NoteAsync(instance, "1042", n => n.Status == DeliveryStatus.Delivered);
        Assert.Equal(3, note.Attempts);
        Assert.Equal("9001", note.RemoteId);

        var token = halo.To("POST", "/auth/token")[0];
        Assert.Contains("grant_type=client_credentials", token.Body);
        Assert.Contains("client_id=kb-app", token.Body);
        Assert.Contains("tenant=acme", token.PathAndQuery);
        var posts = halo.To("POST", "/api/Actions");
        Assert.Equal(3, posts.Count);
        var post = posts[^1];
        Assert.Equal("Bearer halo-token-1", post.Headers["authorization"]);
        Assert.StartsWith("application/json", post.Headers["content-type"]);
        var action = JsonDocument.Parse(post.Body).RootElement;
        Assert.Equal(JsonValueKind.Array, action.ValueKind);
        Assert.Equal(1042, action[0].GetProperty("ticket_id").GetInt64());
        Assert.Equal("Private Note", action[0].GetProperty("outcome").GetString());
        Assert.True(action[0].GetProperty("hiddenfromuser").GetBoolean());
        var text = action[0].GetProperty("note").GetString()!;
        Assert.Contains("Printer offline after the spooler update", text);
        Assert.Contains("/articles/" + article.Id, text);
    }

    [Fact]
    public async Task ConnectWise_gets_an_internal_analysis_note_and_Autotask_an_internal_ticket_note_as_documented()
    {
        await using var psa = new FakePsa();
        await psa.StartAsync();
        psa.Answer("POST", "/v4_6_release/apis/3.0/service/tickets/48213/notes", """{"id":777,"ticketId":48213}""", 201);
        psa.Answer("POST", "/ATServicesRest/V1.0/Tickets/351181/Notes", """{"itemId":555}""");
        var cw = await InstanceAsync(PsaSystem.ConnectWise, psa.BaseUrl + "/v4_6_release/apis/3.0",
            new PsaCredentials { CompanyId = "acme", PublicKey = "pub", PrivateKey = "priv", ClientId = "kb-client-id" });
        var at = await InstanceAsync(PsaSystem.Autotask, psa.BaseUrl + "/ATServicesRest/V1.0",
            new PsaCredentials { UserName = "kb@acme.example", Secret = "at-secret", IntegrationCode = "INTEGRATION123" });
        var article = await Api.ArticleAsync("Scanner cannot send to email (SMTP 535)");

        await LinkSolvedAsync(cw, "48213", article.Id);
        await LinkSolvedAsync(at, "351181", article.Id);
        Assert.Equal("777", (await NoteAsync(cw, "48213", n => n.Status == DeliveryStatus.Delivered)).RemoteId);
        Assert.Equal("555", (await NoteAsync(at, "351181", n => n.Status == DeliveryStatus.Delivered)).RemoteId);

        var cwPost = psa.To("POST", "/v4_6_release/apis/3.0/service/tickets/48213/notes").Single();
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("acme+pub:priv")), cwPost.Headers["authorization"]);
        Assert.Equal("kb-client-id", cwPost.Headers["clientid"]);
        var cwNote = JsonDocument.Parse(cwPost.Body).RootElement;
        Assert.True(cwNote.GetProperty("internalAnalysisFlag").GetBoolean());
        Assert.False(cwNote.GetProperty("detailDescriptionFlag").GetBoolean());
        Assert.Contains(article.Title, cwNote.GetProperty("text").GetString());

        var atPost = psa.To("POST", "/ATServicesRest/V1.0/Tickets/351181/Notes").Single();
        Assert.Equal("INTEGRATION123", atPost.Headers["apiintegrationcode"]);
        Assert.Equal("kb@acme.example", atPost.Headers["username"]);
        Assert.Equal("at-secret", atPost.Headers["secret"]);
        var atNote = JsonDocument.Parse(atPost.Body).RootElement;
        Assert.Equal(351181, atNote.GetProperty("ticketID").GetInt64());
        Assert.Equal(2, atNote.GetProperty("publish").GetInt32()); // internal only
        Assert.Equal(1, atNote.GetProperty("noteType").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(atNote.GetProperty("title").GetString()));
        Assert.Contains("/articles/" + article.Id, atNote.GetProperty("description").GetString());
    }

    [Fact]
    public async Task An_instance_without_write_back_queues_no_note_and_a_reference_link_never_does()
    {
        await using var psa = new FakePsa();
        await psa.StartAsync();
        var off = await InstanceAsync(PsaSystem.Halo, psa.BaseUrl, new PsaCredentials { ClientId = "a", ClientSecret = "b" }, writeBack: false);
        var article = await Api.ArticleAsync("VPN drops every hour");
        await LinkSolvedAsync(off, "2001", article.Id);
        Assert.Empty(await Api.Service<PsaWriteBackStore>().OfTicketAsync(off.Id, "2001"));

        var on = await InstanceAsync(PsaSystem.Halo, psa.BaseUrl, new PsaCredentials { ClientId = "a", ClientSecret = "b" });
        var client = Api.Client(fixture.Key);
        (await client.PutAsync($"/api/v1/tickets/halo/{on.TicketInstance}/2002", Json.Raw("""{"subject":"VPN","status":"open"}"""))).EnsureSuccessStatusCode();
        var response = await client.PostAsync("/api/v1/ticket-links", Json.Of(new { articleId = article.Id, ticket = new { system = "halo", instance = on.TicketInstance, id = "2002" }, type = "reference", linkedBy = "ana" }));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Empty(await Api.Service<PsaWriteBackStore>().OfTicketAsync(on.Id, "2002"));
        Assert.Empty(psa.Requests);
    }
}

public sealed class SqlitePsaWriteBackTests(PsaWriteBackTests.Fixture fixture) : PsaWriteBackTests(fixture), IClassFixture<PsaWriteBackTests.Fixture>
{
    protected override Task<Dictionary<string, string?>> ProviderSettingsAsync() => Task.FromResult(new Dictionary<string, string?>());
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresPsaWriteBackTests(PostgresServerFixture postgres, PsaWriteBackTests.Fixture fixture) : PsaWriteBackTests(fixture), IClassFixture<PsaWriteBackTests.Fixture>
{
    protected override Task<Dictionary<string, string?>> ProviderSettingsAsync() => Providers.PostgresAsync(postgres.Server);
}

/// <summary>A node stopped while the PSA is answering a note lets that call finish and records it (docs/notifications.md's stop rule, LeasedBackgroundService.DeliverClaimedAsync).</summary>
public abstract class PsaWriteBackStopTests
{
    protected abstract Task<Dictionary<string, string?>> ProviderSettingsAsync();

    [Fact]
    public async Task A_node_stopped_while_the_PSA_is_answering_a_note_lets_it_finish_and_the_next_node_does_not_post_it_again()
    {
        var settings = await ProviderSettingsAsync();
        using var data = new ScratchDataDirectory(settings, "kb-psa-stop-");
        settings["Psa:PollSeconds"] = "0.1";
        settings["Psa:RetryBaseSeconds"] = "0.2";
        await using var halo = new FakePsa();
        await halo.StartAsync();
        halo.Answer("POST", "/auth/token", """{"access_token":"halo-token-1","token_type":"Bearer","expires_in":3600}""");
        halo.Answer("POST", "/api/Actions", """[{"id":9001,"ticket_id":1042,"outcome":"Private Note"}]""", 201);
        var first = new ApiSite(settings);
        var key = await first.KeyAsync();
        var instances = first.Service<PsaInstanceStore>();
        var input = new PsaInstanceInput { Slug = "halo-stop", System = PsaSystem.Halo, DisplayName = "Halo", TicketInstance = "halo-stop.example.com", ApiBaseUrl = halo.BaseUrl };
        var created = await instances.CreateAsync("admin@test.local", input);
        await instances.SetCredentialsAsync("admin@test.local", created.Instance.Id, new PsaCredentials { ClientId = "kb-app", ClientSecret = "halo-secret", Tenant = "acme" });
        await instances.UpdateAsync("admin@test.local", created.Instance.Id, input with { WriteBackEnabled = true });
        var article = await first.ArticleAsync("Printer offline after the spooler update");

        // The PSA has the note and is slow to answer: the node is stopped (a rolling restart) meanwhile.
        halo.Hold("POST", "/api/Actions");
        var client = first.Client(key);
        (await client.PutAsync("/api/v1/tickets/halo/halo-stop.example.com/1042", Json.Raw("""{"subject":"Printer offline","status":"open"}"""))).EnsureSuccessStatusCode();
        (await client.PostAsync("/api/v1/ticket-links", Json.Of(new
        {
            articleId = article.Id, ticket = new { system = "halo", instance = "halo-stop.example.com", id = "1042" }, type = "resolved", linkedBy = "ana.lima@test.local",
        }))).EnsureSuccessStatusCode();
        await first.StopWhileAnsweringAsync(() => halo.Waiting, halo.Release, "the note");

        // The next node: it takes the lease and would post any note the stopped node released.
        await using var second = new ApiSite(settings);
        _ = second.Site.ServerAddress;
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Single(halo.To("POST", "/api/Actions"));
        var note = Assert.Single(await second.Service<PsaWriteBackStore>().OfTicketAsync(created.Instance.Id, "1042"));
        Assert.Equal(DeliveryStatus.Delivered, note.Status);
        Assert.Equal(1, note.Attempts);
    }
}

public sealed class SqlitePsaWriteBackStopTests : PsaWriteBackStopTests
{
    protected override Task<Dictionary<string, string?>> ProviderSettingsAsync() => Task.FromResult(new Dictionary<string, string?>());
}

[Collection(KnowledgeBase.Testing.PostgresCollection.Name)]
public sealed class PostgresPsaWriteBackStopTests(PostgresServerFixture postgres) : PsaWriteBackStopTests
{
    protected override Task<Dictionary<string, string?>> ProviderSettingsAsync() => Providers.PostgresAsync(postgres.Server);
}
