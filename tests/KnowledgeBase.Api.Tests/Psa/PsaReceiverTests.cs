using System.Net;
using System.Text;
using System.Text.Json;
using KnowledgeBase.Core.Psa;
using KnowledgeBase.Core.Tickets;
using KnowledgeBase.Data.Psa;
using KnowledgeBase.Data.Tickets;
using KnowledgeBase.Testing;

namespace KnowledgeBase.Api.Tests.Psa;

/// <summary>
/// <c>POST /api/psa/{instance}/events</c> over loopback with the payloads as each vendor documents them (PsaSamples,
/// unknown fields included): each vendor's authentication checked before anything is read, tickets opened, closed and
/// categorised by the Admin's table, a replayed delivery applied once, an older event never over a newer one, and an
/// id-only ConnectWise callback completed from a loopback "ConnectWise" REST API. On SQLite and PostgreSQL.
/// </summary>
public abstract class PsaReceiverTests(PsaReceiverTests.Fixture fixture) : IAsyncLifetime
{
    public sealed class Fixture : IAsyncLifetime
    {
        private readonly SemaphoreSlim _gate = new(1, 1);
        public ApiSite Api { get; private set; } = null!;
        public FakePsa ConnectWise { get; } = new();

        public async Task StartAsync(Func<Task<Dictionary<string, string?>>> providerSettings)
        {
            await _gate.WaitAsync();
            try
            {
                if (Api is not null) return;
                await ConnectWise.StartAsync();
                Api = new ApiSite(await providerSettings());
                _ = Api.Site.ServerAddress;
            }
            finally
            {
                _gate.Release();
            }
        }

        public Task InitializeAsync() => Task.CompletedTask;

        public async Task DisposeAsync()
        {
            if (Api is not null) await Api.DisposeAsync();
            await ConnectWise.DisposeAsync();
        }
    }

    protected abstract Task<Dictionary<string, string?>> ProviderSettingsAsync();

    public Task InitializeAsync() => fixture.StartAsync(ProviderSettingsAsync);

    public Task DisposeAsync() => Task.CompletedTask;

    private ApiSite Api => fixture.Api;
    private PsaInstanceStore Instances => Api.Service<PsaInstanceStore>();
    private ReuseLedger Ledger => Api.Service<ReuseLedger>();

    /// <summary>The documented sample on yesterday's date: the receiver ignores events older than its receipts are kept (30 days).</summary>
    private static string Fresh(string payload) => payload.Replace("2026-03-02", DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

    private static string Unique(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..8];

    private async Task<CreatedPsaInstance> InstanceAsync(PsaSystem system, string? apiBase = null)
    {
        var slug = Unique(system.Wire());
        var created = await Instances.CreateAsync("admin@test.local", new PsaInstanceInput
        {
            Slug = slug, System = system, DisplayName = system.Display() + " test", TicketInstance = slug + ".example.com", ReceiverEnabled = true,
            ReceiverUserName = system == PsaSystem.Halo ? "kb-hook" : null, ApiBaseUrl = apiBase,
        });
        if (apiBase is not null)
        {
            await Instances.SetCredentialsAsync("admin@test.local", created.Instance.Id,
                new PsaCredentials { CompanyId = "acme", PublicKey = "pub", PrivateKey = "priv", ClientId = "kb-client" });
        }
        return created;
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string slug, string body, Action<HttpRequestMessage>? sign = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/psa/{slug}/events") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        sign?.Invoke(request);
        using var response = await Api.Client().SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private static Action<HttpRequestMessage> AutotaskSigned(string secret, string body) =>
        r => r.Headers.Add("X-Hook-Signature", PsaSignatures.Autotask(secret, Encoding.UTF8.GetBytes(body)));

    private Task<Ticket?> TicketAsync(PsaInstance instance, string id) => Ledger.FindTicketAsync(new TicketKey(instance.System.Wire(), instance.TicketInstance, id));

    [Fact]
    public async Task An_Autotask_webhook_signed_with_the_secret_opens_the_ticket_once_and_a_later_update_closes_it()
    {
        var created = await InstanceAsync(PsaSystem.Autotask);
        var instance = created.Instance;
        await Instances.AddCategoryMappingAsync("admin@test.local", instance.Id, "queue", "29682833", "endpoint-printing");

        var (status, body) = await PostAsync(instance.Slug, Fresh(PsaSamples.AutotaskCreate), AutotaskSigned(created.ReceiverSecret, Fresh(PsaSamples.AutotaskCreate)));
        Assert.True(status == HttpStatusCode.OK, body.ToString());
        Assert.Equal("applied", body.GetProperty("status").GetString());
        var ticket = await TicketAsync(instance, "351181");
        Assert.NotNull(ticket);
        Assert.Equal("Scanner cannot send to email (SMTP 535)", ticket.Subject);
        Assert.Equal("The MFP in reception stopped emailing scans this morning.", ticket.Description);
        Assert.Equal("endpoint-printing", ticket.CategoryId);
        Assert.Equal(TicketStatus.Open, ticket.Status);

        // Autotask retries a delivery it thinks failed: the same body again changes nothing and says so.
        (status, body) = await PostAsync(instance.Slug, Fresh(PsaSamples.AutotaskCreate), AutotaskSigned(created.ReceiverSecret, Fresh(PsaSamples.AutotaskCreate)));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("duplicate", body.GetProperty("status").GetString());

        (status, body) = await PostAsync(instance.Slug, Fresh(PsaSamples.AutotaskComplete), AutotaskSigned(created.ReceiverSecret, Fresh(PsaSamples.AutotaskComplete)));
        Assert.True(status == HttpStatusCode.OK, body.ToString());
        ticket = await TicketAsync(instance, "351181");
        Assert.Equal(TicketStatus.Closed, ticket!.Status);
        Assert.Equal("Scanner cannot send to email (SMTP 535)", ticket.Subject); // a partial update clears nothing

        // The creation replayed after the completion is older than what the ticket has seen: it does not reopen it.
        var replayedCreate = Fresh(PsaSamples.AutotaskCreate).Replace("\"SequenceNumber\":1", "\"SequenceNumber\":1 ", StringComparison.Ordinal);
        (status, body) = await PostAsync(instance.Slug, replayedCreate, AutotaskSigned(created.ReceiverSecret, replayedCreate));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("stale", body.GetProperty("status").GetString());
        Assert.Equal(TicketStatus.Closed, (await TicketAsync(instance, "351181"))!.Status);
    }

    [Fact]
    public async Task An_Autotask_webhook_with_a_wrong_or_missing_signature_is_refused_and_stores_nothing()
    {
        var created = await InstanceAsync(PsaSystem.Autotask);
        var slug = created.Instance.Slug;
        var (status, body) = await PostAsync(slug, Fresh(PsaSamples.AutotaskCreate), AutotaskSigned("not-the-secret", Fresh(PsaSamples.AutotaskCreate)));
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Contains("X-Hook-Signature does not match", body.GetProperty("detail").GetString());

        // Signed, then changed on the way: the signature no longer matches the body.
        var tampered = Fresh(PsaSamples.AutotaskCreate).Replace("Scanner", "Scammer", StringComparison.Ordinal);
        (status, _) = await PostAsync(slug, tampered, AutotaskSigned(created.ReceiverSecret, Fresh(PsaSamples.AutotaskCreate)));
        Assert.Equal(HttpStatusCode.Unauthorized, status);

        (status, body) = await PostAsync(slug, Fresh(PsaSamples.AutotaskCreate));
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Contains("no X-Hook-Signature", body.GetProperty("detail").GetString());
        Assert.Null(await TicketAsync(created.Instance, "351181"));

        (status, body) = await PostAsync("no-such-psa", Fresh(PsaSamples.AutotaskCreate));
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("no-such-psa", body.GetProperty("detail").GetString());

        // Signed but not JSON: a clear 400, nothing stored.
        (status, body) = await PostAsync(slug, "{\"Action\":", AutotaskSigned(created.ReceiverSecret, "{\"Action\":"));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task HaloPSA_webhooks_with_the_Basic_user_open_a_batch_and_a_wrong_password_is_refused()
    {
        var created = await InstanceAsync(PsaSystem.Halo);
        var instance = created.Instance;
        await Instances.AddCategoryMappingAsync("admin@test.local", instance.Id, "team", "Network", "network-vpn");

        var (status, body) = await PostAsync(instance.Slug, Fresh(PsaSamples.HaloTicket()), r => r.Headers.TryAddWithoutValidation("Authorization", PsaSignatures.Basic("kb-hook", "wrong")));
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Null(await TicketAsync(instance, "1042"));

        var basic = PsaSignatures.Basic("kb-hook", created.ReceiverSecret);
        (status, body) = await PostAsync(instance.Slug, Fresh(PsaSamples.HaloTicket()), r => r.Headers.TryAddWithoutValidation("Authorization", basic));
        Assert.True(status == HttpStatusCode.OK, body.ToString());
        var ticket = await TicketAsync(instance, "1042");
        Assert.Equal("VPN drops every hour on the Fortinet client", ticket!.Subject);
        Assert.Equal("Fabrikam Ltd", ticket.Client);
        Assert.Equal("network-vpn", ticket.CategoryId);

        (status, body) = await PostAsync(instance.Slug, Fresh(PsaSamples.HaloBatch), r => r.Headers.TryAddWithoutValidation("Authorization", basic));
        Assert.True(status == HttpStatusCode.OK, body.ToString());
        Assert.Equal("batch", body.GetProperty("status").GetString());
        Assert.Equal(2, body.GetProperty("items").GetArrayLength());
        Assert.Equal(TicketStatus.Open, (await TicketAsync(instance, "1050"))!.Status);
        Assert.Equal(TicketStatus.Closed, (await TicketAsync(instance, "1051"))!.Status);

        (status, body) = await PostAsync(instance.Slug, Fresh(PsaSamples.HaloBatch), r => r.Headers.TryAddWithoutValidation("Authorization", basic));
        Assert.Equal("duplicate", body.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_ConnectWise_callback_is_checked_with_the_key_of_its_key_url_and_an_id_only_one_is_read_from_the_REST_API()
    {
        var psa = fixture.ConnectWise;
        var apiBase = psa.BaseUrl + "/v4_6_release/apis/3.0";
        psa.Answer("GET", PsaSamples.ConnectWiseKeyPath.Split('?')[0], """{"signing_key":"cw-signing-key-1"}""");
        psa.Answer("GET", "/v4_6_release/apis/3.0/service/tickets/48214", Fresh(PsaSamples.ConnectWiseTicket("48214")));
        psa.Answer("GET", "/v4_6_release/apis/3.0/service/tickets/48214/notes", Fresh(PsaSamples.ConnectWiseNotes));
        var created = await InstanceAsync(PsaSystem.ConnectWise, apiBase);
        var instance = created.Instance;
        await Instances.AddCategoryMappingAsync("admin@test.local", instance.Id, "subtype", "Outlook", "email-outlook");
        var keyUrl = psa.BaseUrl + PsaSamples.ConnectWiseKeyPath;

        var callback = Fresh(PsaSamples.ConnectWiseCallback(keyUrl));
        Action<HttpRequestMessage> Signed(string key, string body) => r => r.Headers.Add("x-content-signature", PsaSignatures.ConnectWise(key, Encoding.UTF8.GetBytes(body)));

        var (status, body) = await PostAsync(instance.Slug, callback, Signed("another-key", callback));
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Null(await TicketAsync(instance, "48213"));

        // A key_url pointing anywhere but the instance's own ConnectWise is not fetched.
        var foreign = Fresh(PsaSamples.ConnectWiseCallback("http://169.254.169.254/latest/meta-data/key"));
        (status, body) = await PostAsync(instance.Slug, foreign, Signed("cw-signing-key-1", foreign));
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Contains("not to this instance's ConnectWise", body.GetProperty("detail").GetString());

        (status, body) = await PostAsync(instance.Slug, callback, Signed("cw-signing-key-1", callback));
        Assert.True(status == HttpStatusCode.OK, body.ToString());
        var ticket = await TicketAsync(instance, "48213");
        Assert.Equal("Outlook keeps prompting for password after MFA was enabled", ticket!.Subject);
        Assert.Equal("Contoso Dental", ticket.Client);
        Assert.Equal("email-outlook", ticket.CategoryId);

        var idOnly = Fresh(PsaSamples.ConnectWiseIdOnlyCallback(keyUrl));
        (status, body) = await PostAsync(instance.Slug, idOnly, Signed("cw-signing-key-1", idOnly));
        Assert.True(status == HttpStatusCode.OK, body.ToString());
        var read = await TicketAsync(instance, "48214");
        Assert.Equal("Since the laptop was docked, Teams calls drop every few minutes. Other apps are fine.", read!.Description);
        var get = psa.To("GET", "/v4_6_release/apis/3.0/service/tickets/48214").Single();
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("acme+pub:priv")), get.Headers["authorization"]);
        Assert.Equal("kb-client", get.Headers["clientid"]);
    }

    [Fact]
    public async Task Receiving_turned_off_answers_403_and_a_body_over_the_limit_413()
    {
        var created = await InstanceAsync(PsaSystem.Autotask);
        var off = await Instances.UpdateAsync("admin@test.local", created.Instance.Id, new PsaInstanceInput
        {
            Slug = created.Instance.Slug, System = PsaSystem.Autotask, DisplayName = created.Instance.DisplayName, TicketInstance = created.Instance.TicketInstance, ReceiverEnabled = false,
        });
        var (status, body) = await PostAsync(off.Slug, Fresh(PsaSamples.AutotaskCreate), AutotaskSigned(created.ReceiverSecret, Fresh(PsaSamples.AutotaskCreate)));
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("turns receiving on", body.GetProperty("detail").GetString());

        var big = new string(' ', 600 * 1024) + Fresh(PsaSamples.AutotaskCreate);
        var on = await InstanceAsync(PsaSystem.Autotask);
        (status, _) = await PostAsync(on.Instance.Slug, big, AutotaskSigned(on.ReceiverSecret, big));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
    }
}

public sealed class SqlitePsaReceiverTests(PsaReceiverTests.Fixture fixture) : PsaReceiverTests(fixture), IClassFixture<PsaReceiverTests.Fixture>
{
    protected override Task<Dictionary<string, string?>> ProviderSettingsAsync() => Task.FromResult(new Dictionary<string, string?>());
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresPsaReceiverTests(PostgresServerFixture postgres, PsaReceiverTests.Fixture fixture) : PsaReceiverTests(fixture), IClassFixture<PsaReceiverTests.Fixture>
{
    protected override Task<Dictionary<string, string?>> ProviderSettingsAsync() => Providers.PostgresAsync(postgres.Server);
}
