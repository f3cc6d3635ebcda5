using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using System.Net.Http.Json;
using KnowledgeBase.Core.Api;
using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Audit;
using KnowledgeBase.Core.Lifecycle;
using KnowledgeBase.Testing;
using KnowledgeBase.Web.Api;
using KnowledgeBase.Web.Tests;

namespace KnowledgeBase.Api.Tests;

/// <summary>Keys are created by an admin in the UI or from the command line, shown once and revocable.</summary>
public sealed class ApiKeyAdministrationTests
{
    [Fact]
    public async Task An_admin_creates_a_key_on_the_page_sees_it_once_and_revokes_it()
    {
        await using var api = new ApiSite();
        var admin = await api.Site.SignedInClientAsync(KcsRole.Admin);
        var created = await KnowledgeBaseSite.PostFormAsync(admin, "/admin/api-keys", "create-key", new()
        {
            ["Input.Name"] = "halo-prod", ["Input.Scopes"] = "kb.read", ["Input.Audience"] = "Internal",
        });
        var page = await created.Content.ReadAsStringAsync();
        var key = Regex.Match(page, "kb_live_[a-z0-9]{12}_[A-Za-z0-9_-]{43}").Value;
        Assert.NotEmpty(key);
        (await api.Client(key).GetAsync("/api/v1/categories")).EnsureSuccessStatusCode();
        var listing = await admin.GetStringAsync("/admin/api-keys");
        Assert.Contains("halo-prod", listing);
        Assert.DoesNotContain(key, listing);

        var keys = await new KnowledgeBase.Data.Api.ApiKeyStore(api.Service<Microsoft.EntityFrameworkCore.IDbContextFactory<KnowledgeBase.Data.KnowledgeBaseDbContext>>(), TimeProvider.System).ListAsync();
        var id = keys.Single(k => k.Name == "halo-prod").Id;
        await KnowledgeBaseSite.PostFormAsync(admin, "/admin/api-keys", $"revoke-{id}", []);
        await Task.Delay(TimeSpan.FromSeconds(0.1));
        Assert.Contains("Revoked", await admin.GetStringAsync("/admin/api-keys"));

        var contributor = await api.Site.SignedInClientAsync(KcsRole.Contributor);
        var denied = await contributor.GetAsync("/admin/api-keys");
        Assert.NotEqual(HttpStatusCode.OK, denied.StatusCode);
    }

    [Fact]
    public async Task An_admin_moves_a_customer_key_to_another_client_and_it_reads_that_clients_articles_with_the_same_secret()
    {
        await using var api = new ApiSite();
        Article ForClient(string client) => api.Articles.CreateAsync(Actor.System, null, new ArticleEdit
        {
            Title = $"{client} VPN: connect from home", Body = $"## Issue\n{client} VPN fails.\n\n## Resolution\nUse the {client} token.\n",
            State = KcsState.Validated, Audience = Audience.Customer, Clients = [client],
        }).GetAwaiter().GetResult();
        var contoso = ForClient("Contoso");
        var fabrikam = ForClient("Fabrikam");
        var keys = api.Service<KnowledgeBase.Data.Api.ApiKeyStore>();
        var (key, secret) = await keys.CreateAsync("portal-contoso", [ApiScopes.Read, ApiScopes.WebhooksManage], Audience.Customer, "Contoso", "test");
        var portal = api.Client(secret);
        await using var receiver = new WebhookReceiver();
        (await portal.PostAsJsonAsync("/api/v1/webhooks", new { url = receiver.Url, events = new[] { WebhookEvents.ArticleUpdated } })).EnsureSuccessStatusCode();
        (await portal.GetAsync($"/api/v1/articles/{contoso.Id}")).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.NotFound, (await portal.GetAsync($"/api/v1/articles/{fabrikam.Id}")).StatusCode);

        var admin = await api.Site.SignedInClientAsync(KcsRole.Admin);
        var page = await (await KnowledgeBaseSite.PostFormAsync(admin, "/admin/api-keys", $"client-{key.Id}", new() { ["KeyClient"] = " fabrikam " })).Content.ReadAsStringAsync();
        Assert.Contains("Key portal-contoso now reads fabrikam&#x27;s articles as well as those for every client", page);
        // Its webhook does not listen for withdrawals and its feed lists none for a client change: the Admin is told what
        // the portal keeps until it syncs again.
        Assert.Contains("1 article only Contoso could read was not withdrawn from 1 webhook that does not listen for article.withdrawn: have it sync again.", page);
        Assert.Contains("The key&#x27;s changes feed (/changes) lists no client change: an integration that reads it should sync again.", page);

        // The same secret, the new client, at once on this node; its webhook subscription hears as the new client too.
        (await portal.GetAsync($"/api/v1/articles/{fabrikam.Id}")).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.NotFound, (await portal.GetAsync($"/api/v1/articles/{contoso.Id}")).StatusCode);
        var subscription = Assert.Single(await api.Service<KnowledgeBase.Data.Api.WebhookStore>().PageAsync(key.Id, 0, 10));
        Assert.Equal("fabrikam", subscription.Client);
        Assert.Contains(await api.Service<KnowledgeBase.Data.Audit.AuditLog>().QueryAsync(new KnowledgeBase.Data.Audit.AuditQuery(Action: AuditActions.ApiKeyClientChanged)), e => e.Action == AuditActions.ApiKeyClientChanged && e.Details.Contains("Contoso → fabrikam"));

        // An internal key has no client to set: refused, named, nothing changed.
        var (inside, _) = await keys.CreateAsync("psa-inside", [ApiScopes.Read], Audience.Internal, "test");
        var refused = await Assert.ThrowsAsync<KnowledgeBase.Data.Api.ApiValidationException>(() => keys.SetClientAsync(inside.Name, "Contoso", "test", id => id));
        Assert.Contains("Only a customer-audience key", refused.Errors["client"]);
    }

    [Fact]
    public async Task An_admin_adds_a_customer_webhook_for_one_client_on_the_page_and_a_client_for_an_internal_one_is_refused_in_its_field()
    {
        await using var api = new ApiSite();
        await using var receiver = new WebhookReceiver();
        var admin = await api.Site.SignedInClientAsync(KcsRole.Admin);
        await api.Articles.CreateAsync(Actor.System, null, new ArticleEdit
        {
            Title = "Contoso VPN: connect from home", Body = "## Issue\nContoso VPN fails.\n\n## Resolution\nUse the Contoso token.\n",
            State = KcsState.Validated, Audience = Audience.Customer, Clients = ["Contoso"],
        });

        var refused = await (await KnowledgeBaseSite.PostFormAsync(admin, "/admin/api-keys", "create-hook", new()
        {
            ["Hook.Url"] = receiver.Url, ["Hook.Events"] = WebhookEvents.ArticlePublished, ["Hook.Audience"] = "Internal", ["Hook.Client"] = "Contoso",
        })).Content.ReadAsStringAsync();
        Assert.Contains("Only a customer-audience webhook hears for a client", refused);
        Assert.Contains("id=\"hook-client-error\"", refused);
        Assert.Empty(await api.Service<KnowledgeBase.Data.Api.WebhookStore>().PageAsync(null, 0, 10));

        var added = await (await KnowledgeBaseSite.PostFormAsync(admin, "/admin/api-keys", "create-hook", new()
        {
            ["Hook.Url"] = receiver.Url, ["Hook.Events"] = WebhookEvents.ArticlePublished, ["Hook.Audience"] = "Customer", ["Hook.Client"] = " Contoso ",
        })).Content.ReadAsStringAsync();
        Assert.Contains("Copy its signing secret now", added);
        var hook = Assert.Single(await api.Service<KnowledgeBase.Data.Api.WebhookStore>().PageAsync(null, 0, 10));
        Assert.Equal(new KnowledgeBase.Core.Access.Reader(Audience.Customer, "Contoso"), hook.Reader);
        // Shown as the articles write the client, not as the subscription stores it (its key, "contoso").
        Assert.Contains("Customer (Contoso)", added);

        // A mistyped or moved client is set again on its row: same webhook, same secret, audited.
        var moved = await (await KnowledgeBaseSite.PostFormAsync(admin, "/admin/api-keys", $"hook-client-{hook.Id}", new() { ["HookClient"] = "Fabrikam" }))
            .Content.ReadAsStringAsync();
        Assert.Contains($"Webhook #{hook.Id} now hears of Fabrikam&#x27;s articles", moved);
        Assert.Contains("1 article only Contoso could read was not withdrawn from 1 webhook that does not listen for article.withdrawn", moved);
        var stored = Assert.Single(await api.Service<KnowledgeBase.Data.Api.WebhookStore>().PageAsync(null, 0, 10));
        Assert.Equal((hook.Id, hook.Secret), (stored.Id, stored.Secret));
        Assert.Equal(new KnowledgeBase.Core.Access.Reader(Audience.Customer, "Fabrikam"), stored.Reader);
        Assert.Contains(await api.Service<KnowledgeBase.Data.Audit.AuditLog>().QueryAsync(new KnowledgeBase.Data.Audit.AuditQuery(Action: AuditActions.WebhookClientChanged)),
            e => e.Details.Contains("contoso → Fabrikam"));
    }

    [Fact]
    public async Task A_webhook_moved_to_another_client_is_sent_article_withdrawn_for_what_only_the_previous_client_could_read_and_published_for_what_only_the_new_one_can()
    {
        await using var api = new ApiSite();
        await using var receiver = new WebhookReceiver();
        Task<Article> Create(string title, Audience audience, params string[] clients) => api.Articles.CreateAsync(Actor.System, null, new ArticleEdit
        {
            Title = title, Body = $"## Issue\n{title} fails.\n\n## Resolution\nRestart it.\n", State = KcsState.Validated, Audience = audience, Clients = clients,
        });
        var contosoOnly = await Create("Contoso VPN: connect from home", Audience.Customer, "Contoso");
        await Create("Printer queue stuck", Audience.Customer);
        await Create("Shared portal sign-in", Audience.Customer, "Contoso", "Fabrikam");
        await Create("Contoso firewall internals", Audience.Internal, "Contoso");
        var fabrikamOnly = await Create("Fabrikam badge reader", Audience.Customer, "Fabrikam");
        var webhooks = api.Service<KnowledgeBase.Data.Api.WebhookStore>();
        await receiver.StartAsync();
        var (hook, hookSecret) = await webhooks.CreateAsync(receiver.Url, [WebhookEvents.ArticlePublished, WebhookEvents.ArticleWithdrawn],
            new KnowledgeBase.Core.Access.Reader(Audience.Customer, "Contoso"), null, "test");
        receiver.Secret = hookSecret;

        var admin = await api.Site.SignedInClientAsync(KcsRole.Admin);
        var moved = await (await KnowledgeBaseSite.PostFormAsync(admin, "/admin/api-keys", $"hook-client-{hook.Id}", new() { ["HookClient"] = "Fabrikam" }))
            .Content.ReadAsStringAsync();

        Assert.Contains("1 article only Contoso could read was sent as article.withdrawn to 1 webhook. 1 article only Fabrikam can read was sent as " +
                        "article.published to 1 webhook.", moved);
        var withdrawn = await receiver.WaitForAsync(e => e.GetProperty("type").GetString() == WebhookEvents.ArticleWithdrawn, "the Contoso-only article withdrawn");
        var data = withdrawn.GetProperty("data");
        Assert.Equal(contosoOnly.Id, data.GetProperty("articleId").GetString());
        Assert.Equal("Contoso VPN: connect from home", data.GetProperty("title").GetString());
        Assert.Equal(1, data.GetProperty("version").GetInt32());
        Assert.EndsWith($"/articles/{contosoOnly.Id}", data.GetProperty("url").GetString());
        // Fabrikam's article comes into its sight, as a published one.
        var published = await receiver.WaitForAsync(e => e.GetProperty("type").GetString() == WebhookEvents.ArticlePublished
                                                         && e.GetProperty("data").GetProperty("articleId").GetString() == fabrikamOnly.Id, "the Fabrikam-only article published");
        Assert.Equal(("Fabrikam badge reader", "validated"), (published.GetProperty("data").GetProperty("title").GetString(), published.GetProperty("data").GetProperty("state").GetString()));
        // Only those: the article for every client, the one for both clients and the internal one are not told.
        var sent = await webhooks.DeliveriesAsync(hook.Id, 50);
        Assert.Empty(receiver.BadSignatures);
        string ArticleOf(KnowledgeBase.Core.Api.WebhookDelivery d) =>
            System.Text.Json.JsonDocument.Parse(d.Payload).RootElement.GetProperty("data").GetProperty("articleId").GetString()!;
        Assert.Equal([contosoOnly.Id], sent.Where(d => d.EventType == WebhookEvents.ArticleWithdrawn).Select(ArticleOf).ToList());
        Assert.Equal([fabrikamOnly.Id], sent.Where(d => d.EventType == WebhookEvents.ArticlePublished).Select(ArticleOf).ToList());
        Assert.Contains(await api.Service<KnowledgeBase.Data.Audit.AuditLog>().QueryAsync(new KnowledgeBase.Data.Audit.AuditQuery(Action: AuditActions.WebhookClientChanged)),
            e => e.Details.Contains("contoso → Fabrikam") && e.Details.Contains("1 withdrawn, 1 published"));
    }

    [Fact]
    public async Task A_key_moved_to_another_client_sends_its_listening_webhooks_the_withdrawals_and_says_its_feed_does_not_list_them()
    {
        await using var api = new ApiSite();
        await using var receiver = new WebhookReceiver();
        var contosoOnly = await api.Articles.CreateAsync(Actor.System, null, new ArticleEdit
        {
            Title = "Contoso VPN: connect from home", Body = "## Issue\nContoso VPN fails.\n\n## Resolution\nUse the Contoso token.\n",
            State = KcsState.Validated, Audience = Audience.Customer, Clients = ["Contoso"],
        });
        var keys = api.Service<KnowledgeBase.Data.Api.ApiKeyStore>();
        var (_, secret) = await keys.CreateAsync("portal", [ApiScopes.Read, ApiScopes.WebhooksManage], Audience.Customer, "Contoso", "test");
        await receiver.StartAsync();
        var subscribed = await api.Client(secret).PostAsJsonAsync("/api/v1/webhooks", new { url = receiver.Url, events = new[] { WebhookEvents.ArticleWithdrawn } });
        receiver.Secret = (await subscribed.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("secret").GetString()!;

        var change = await keys.SetClientAsync("portal", "Fabrikam", "test", id => "https://kb.example/articles/" + id);

        Assert.NotNull(change);
        Assert.Equal((1, 1, 0, true), (change.Withdrawn, change.Told, change.NotListening, change.ThroughKey));
        var withdrawn = await receiver.WaitForAsync(e => e.GetProperty("type").GetString() == WebhookEvents.ArticleWithdrawn, "the Contoso-only article withdrawn");
        Assert.Equal(contosoOnly.Id, withdrawn.GetProperty("data").GetProperty("articleId").GetString());
        Assert.Equal($"https://kb.example/articles/{contosoOnly.Id}", withdrawn.GetProperty("data").GetProperty("url").GetString());
        Assert.Equal("1 article only Contoso could read was sent as article.withdrawn to 1 webhook. The key's changes feed (/changes) lists no client " +
                     "change: an integration that reads it should sync again.", change.Notice);
    }

    [Fact]
    public async Task A_webhook_made_through_the_api_follows_its_key_s_client_and_is_not_set_on_its_own()
    {
        await using var api = new ApiSite();
        await using var receiver = new WebhookReceiver();
        var keys = api.Service<KnowledgeBase.Data.Api.ApiKeyStore>();
        var (_, secret) = await keys.CreateAsync("portal", [ApiScopes.Read, ApiScopes.WebhooksManage], Audience.Customer, "Contoso", "test");
        (await api.Client(secret).PostAsJsonAsync("/api/v1/webhooks", new { url = receiver.Url, events = new[] { WebhookEvents.ArticleUpdated } })).EnsureSuccessStatusCode();
        var webhooks = api.Service<KnowledgeBase.Data.Api.WebhookStore>();
        var hook = Assert.Single(await webhooks.PageAsync(null, 0, 10));

        var refused = await Assert.ThrowsAsync<KnowledgeBase.Data.Api.ApiValidationException>(() => webhooks.SetClientAsync(hook.Id, "Fabrikam", "test", id => id));

        Assert.Contains("made through the API with key portal", refused.Errors["client"]);
        Assert.Equal(new KnowledgeBase.Core.Access.Reader(Audience.Customer, "Contoso"), Assert.Single(await webhooks.PageAsync(null, 0, 10)).Reader);
        Assert.Null(await webhooks.SetClientAsync(hook.Id + 1, "Fabrikam", "test", id => id));
    }

    [Fact]
    public async Task The_apikey_command_prints_the_key_alone_on_its_last_line_and_list_and_revoke_work()
    {
        var work = Directory.CreateTempSubdirectory("kb-apikey-").FullName;
        try
        {
            var (exit, output, errors) = await RunAsync(work, "apikey", "create", "--name", "psa", "--scopes", "kb.read,kb.links.write", "--audience", "internal");
            Assert.True(exit == 0, errors);
            var key = output.Trim().Split('\n')[^1];
            Assert.Matches("^kb_live_[a-z0-9]{12}_[A-Za-z0-9_-]{43}$", key);
            Assert.DoesNotContain(key, errors);

            var list = await RunAsync(work, "apikey", "list");
            Assert.Contains("psa\tkb.read,kb.links.write\tinternal", list.Out);
            Assert.DoesNotContain(key, list.Out);
            Assert.Equal(0, (await RunAsync(work, "apikey", "revoke", "--name", "psa")).Exit);
            Assert.Equal(1, (await RunAsync(work, "apikey", "revoke", "--name", "psa")).Exit);
            Assert.Equal(2, (await RunAsync(work, "apikey", "create", "--name", "x", "--scopes", "kb.everything")).Exit);

            // A customer key's client is set again without a new secret; an internal key has none to set.
            Assert.Equal(0, (await RunAsync(work, "apikey", "create", "--name", "portal", "--scopes", "kb.read", "--audience", "customer", "--client", "Contoso")).Exit);
            var moved = await RunAsync(work, "apikey", "client", "--name", "portal", "--client", "fabrikam  inc");
            Assert.True(moved.Exit == 0, moved.Err);
            Assert.Contains("API key 'portal' now reads for client fabrikam inc", moved.Out);
            // No article was for Contoso alone: nothing left the key's sight, nothing to say of it.
            Assert.DoesNotContain("withdrawn", moved.Out);
            Assert.Contains("portal\tkb.read\tcustomer (fabrikam inc)", (await RunAsync(work, "apikey", "list")).Out);
            // With one, the command says what the key's feed does not list (it has no webhook to send it to).
            var content = Directory.CreateDirectory(Path.Combine(work, "content")).FullName;
            await File.WriteAllTextAsync(Path.Combine(content, "contoso-vpn.md"),
                "---\ntitle: Contoso VPN asks for the token twice\nstate: validated\naudience: customer\nclients: [Contoso]\n---\n" +
                "## Issue\nThe Contoso VPN asks for the token twice.\n\n## Resolution\nSign in again with one token code.\n");
            var imported = await RunAsync(work, "import", content);
            Assert.True(imported.Exit == 0, imported.Err);
            Assert.Equal(0, (await RunAsync(work, "apikey", "client", "--name", "portal", "--client", "Contoso")).Exit);
            var movedAgain = await RunAsync(work, "apikey", "client", "--name", "portal", "--client", "Fabrikam");
            Assert.True(movedAgain.Exit == 0, movedAgain.Err);
            Assert.Contains("1 article only Contoso could read left its sight. The key's changes feed (/changes) lists no client change", movedAgain.Out);
            var refused = await RunAsync(work, "apikey", "client", "--name", "psa2", "--client", "Contoso");
            Assert.Equal(1, refused.Exit);
            Assert.Equal(0, (await RunAsync(work, "apikey", "create", "--name", "inside", "--scopes", "kb.read")).Exit);
            var internalRefused = await RunAsync(work, "apikey", "client", "--name", "inside", "--client", "Contoso");
            Assert.Equal(1, internalRefused.Exit);
            Assert.Contains("Only a customer-audience key is bound to a client", internalRefused.Err);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task<(int Exit, string Out, string Err)> RunAsync(string work, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = work };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "KnowledgeBase.Web.dll"));
        foreach (var a in args) info.ArgumentList.Add(a);
        info.ArgumentList.Add($"--Storage:DataDirectory={Path.Combine(work, "data")}");
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
