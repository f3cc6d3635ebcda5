using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using KnowledgeBase.Core.Access;
using KnowledgeBase.Core.Api;
using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Lifecycle;
using KnowledgeBase.Core.Tickets;
using KnowledgeBase.Data;
using KnowledgeBase.Data.Api;
using KnowledgeBase.Data.Articles;
using KnowledgeBase.Data.Tickets;
using KnowledgeBase.Search;
using KnowledgeBase.Search.Sync;
using KnowledgeBase.Web.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using KnowledgeBase.Testing;
using Xunit.Abstractions;

namespace KnowledgeBase.Web.Tests.Security;

/// <summary>
/// Client scope over every read path (issue #18.5 "Done when"): one article for the client Contoso, one for Fabrikam,
/// one that was Contoso's in an earlier version and is now for every client, and a global one; each carries words no
/// other text has (<see cref="ClientScopeSite.ContosoWords"/>, <see cref="ClientScopeSite.FabrikamWords"/>,
/// <see cref="ClientScopeSite.OldContosoWords"/>). Every channel is read as an internal user, a customer of Contoso,
/// a customer of Fabrikam and a customer of no client (site users), and as API keys of the same four (internal, customer
/// of Contoso, of Fabrikam, of none); each must show exactly the articles its reader may see — never another client's
/// — and the channels that list articles must show the ones it may (so no row passes by showing nothing).
/// </summary>
public abstract class ClientScopeMatrixTests(ClientScopeSite fixture, ITestOutputHelper output) : IAsyncLifetime
{
    protected abstract Task<Dictionary<string, string?>> ProviderSettingsAsync();

    public Task InitializeAsync() => fixture.StartAsync(ProviderSettingsAsync);

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>What a channel answered one account: the text to look for words in, and whether it lists articles at all.</summary>
    /// <param name="ShowsOldVersion">The answer shows the version written for Contoso to whoever may see it (history and diff).</param>
    private sealed record Answer(string Text, bool Lists = true, bool ShowsOldVersion = false);

    private delegate Task<Answer> Channel(ClientScopeSite site, ClientScopeAccount account);

    private static readonly Dictionary<string, Channel> SiteChannels = new()
    {
        // The search page, its facets ("tagkoala"/"tagemu" are the articles' tags) and its home lists.
        ["site search page"] = async (s, a) => new(await s.PageAsync(a, "/?q=printer+spooler+stalls")),
        ["site search page, the client's word"] = async (s, a) => new(await s.PageAsync(a, "/?q=koalacontoso") + await s.PageAsync(a, "/?q=emufabrikam")),
        ["site facets"] = async (s, a) => new(await s.PageAsync(a, "/?q=spooler&tag=tagkoala") + await s.PageAsync(a, "/?q=spooler&tag=tagemu")),
        ["site did-you-mean"] = async (s, a) => new(await s.PageAsync(a, "/?q=koalacontosx") + await s.PageAsync(a, "/?q=emufabrikax"), Lists: false),
        ["site home lists"] = async (s, a) => new(await s.PageAsync(a, "/")),
        ["site article page by address"] = async (s, a) => new(await s.PageAsync(a, $"/articles/{s.Seed.Contoso}") + await s.PageAsync(a, $"/articles/{s.Seed.Fabrikam}")),
        ["site revision history and diff"] = async (s, a) => new(await s.PageAsync(a, $"/articles/{s.Seed.History}?from=2&to=3") + await s.PageAsync(a, $"/articles/{s.Seed.History}?from=1&to=2"), Lists: false, ShowsOldVersion: true),
        ["site attachments"] = async (s, a) => new(await s.PageAsync(a, $"/attachments/{s.Seed.ContosoFile}/koala.txt") + await s.PageAsync(a, $"/attachments/{s.Seed.FabrikamFile}/emu.txt")),
        ["site article export"] = async (s, a) => new(await s.ZipTextAsync(a, $"/articles/{s.Seed.Contoso}/export.zip") + await s.ZipTextAsync(a, $"/articles/{s.Seed.Fabrikam}/export.zip")
            + await s.ZipTextAsync(a, "/export/knowledge-base.zip"), Lists: a.Reader.IsInternal),
        // What the search page's typing asks (search as you type: the last word unfinished), and "similar articles".
        ["typeahead"] = (s, a) => Task.FromResult(new Answer(s.Titles(s.Search.Search(new SearchRequest { Query = "koalacon", PrefixLastTerm = true, Reader = a.Reader }).Hits)
            + s.Titles(s.Search.Search(new SearchRequest { Query = "emufab", PrefixLastTerm = true, Reader = a.Reader }).Hits))),
        ["similar articles"] = (s, a) => Task.FromResult(new Answer(s.Titles(s.Search.SimilarTo(s.Seed.Global, a.Reader, 10)), Lists: false)),
    };

    private static readonly Dictionary<string, Channel> ApiChannels = new()
    {
        ["API list"] = async (s, a) => new(await s.ApiAsync(a, $"/api/v1/articles?limit=100&updatedSince={Uri.EscapeDataString(s.SeededAfter.ToString("o"))}")),
        ["API get"] = async (s, a) => new(await s.ApiAsync(a, $"/api/v1/articles/{s.Seed.Contoso}?format=markdown") + await s.ApiAsync(a, $"/api/v1/articles/{s.Seed.Fabrikam}?format=markdown")),
        ["API search"] = async (s, a) => new(await s.ApiAsync(a, "/api/v1/articles/search?q=printer+spooler+stalls&limit=50") + await s.ApiAsync(a, "/api/v1/articles/search?q=koalacontoso")
            + await s.ApiAsync(a, "/api/v1/articles/search?q=emufabrikam")),
        ["API did-you-mean"] = async (s, a) => new(await s.ApiAsync(a, "/api/v1/articles/search?q=koalacontosx") + await s.ApiAsync(a, "/api/v1/articles/search?q=emufabrikax"), Lists: false),
        ["API suggestions"] = async (s, a) => new(await s.ApiPostAsync(a, "/api/v1/articles/suggestions", new { subject = "koalacontoso spooler stalls", description = "The printer spooler stalls.", limit = 20 })
            + await s.ApiPostAsync(a, "/api/v1/articles/suggestions", new { subject = "emufabrikam spooler stalls", description = "The printer spooler stalls.", limit = 20 })),
        ["API suggestions for a ticket of the other client"] = async (s, a) => new(await s.ApiPostAsync(a, "/api/v1/articles/suggestions",
            new { subject = "koalacontoso emufabrikam spooler stalls", client = "Fabrikam", limit = 20 }) + await s.ApiPostAsync(a, "/api/v1/articles/suggestions",
            new { subject = "koalacontoso emufabrikam spooler stalls", client = "Contoso", limit = 20 })),
        ["API links"] = async (s, a) => new(await s.ApiAsync(a, $"/api/v1/ticket-links?articleId={s.Seed.Contoso}") + await s.ApiAsync(a, $"/api/v1/ticket-links?articleId={s.Seed.Fabrikam}")
            + await s.ApiAsync(a, $"/api/v1/ticket-links/{s.Seed.ContosoLink}") + await s.ApiAsync(a, $"/api/v1/ticket-links/{s.Seed.FabrikamLink}"), Lists: false),
        ["API changes feed"] = async (s, a) => new(await s.ApiAsync(a, $"/api/v1/changes?limit=100&cursor={KnowledgeBase.Web.Api.Cursor.Encode("changes", s.SequenceBeforeSeed)}")),
        ["API attachments"] = async (s, a) => new(await s.ApiAsync(a, $"/api/v1/attachments/{s.Seed.ContosoFile}") + await s.ApiAsync(a, $"/api/v1/attachments/{s.Seed.FabrikamFile}")
            + await s.ApiAsync(a, $"/api/v1/articles/{s.Seed.Contoso}/attachments") + await s.ApiAsync(a, $"/api/v1/articles/{s.Seed.Fabrikam}/attachments")),
        ["webhooks"] = async (s, a) => new(await s.WebhookPayloadsAsync(a)),
    };

    public static TheoryData<string> SiteChannelNames() => [.. SiteChannels.Keys];

    public static TheoryData<string> ApiChannelNames() => [.. ApiChannels.Keys];

    [Theory]
    [MemberData(nameof(SiteChannelNames))]
    public Task Each_site_channel_shows_each_user_exactly_the_clients_they_may_see(string channel) =>
        CheckAsync(channel, SiteChannels[channel], fixture.Users);

    [Theory]
    [MemberData(nameof(ApiChannelNames))]
    public Task Each_api_channel_shows_each_key_exactly_the_clients_it_may_see(string channel) =>
        CheckAsync(channel, ApiChannels[channel], fixture.Keys);

    [Fact]
    public async Task Api_suggestions_and_search_for_a_ticket_put_its_clients_article_first_and_other_clients_after_the_global_one()
    {
        var api = fixture.KeyClient(fixture.Keys[0]);
        async Task<List<string>> SuggestedAsync(object body) =>
            (await (await api.PostAsJsonAsync("/api/v1/articles/suggestions", body)).Content.ReadFromJsonAsync<SuggestedOnly>())!.Articles.Select(a => a.Id).ToList();
        var seed = fixture.Seed;

        // The ticket names the client (the ledger knows FB-1 is Fabrikam's); the parameter names it for an unknown ticket.
        var forFabrikam = await SuggestedAsync(new { subject = "Printer spooler stalls after the update", description = "Jobs stay queued.", limit = 10,
            ticket = new { system = "halo", instance = "msp", id = "FB-1" } });
        Assert.Equal(seed.Fabrikam, forFabrikam[0]);
        Assert.True(forFabrikam.IndexOf(seed.Contoso) > forFabrikam.IndexOf(seed.Global), string.Join(", ", forFabrikam));
        var forContoso = await SuggestedAsync(new { subject = "Printer spooler stalls after the update", description = "Jobs stay queued.", limit = 10, client = "contoso" });
        Assert.Equal(seed.Contoso, forContoso[0]);
        Assert.True(forContoso.IndexOf(seed.Fabrikam) > forContoso.IndexOf(seed.Global), string.Join(", ", forContoso));

        var search = await (await api.GetAsync("/api/v1/articles/search?q=printer+spooler+stalls&limit=20&client=Fabrikam")).Content.ReadFromJsonAsync<SearchOnly>();
        var found = search!.Items.Select(i => i.Id).ToList();
        Assert.Equal(seed.Fabrikam, found[0]);
        Assert.True(found.IndexOf(seed.Contoso) > found.IndexOf(seed.Global), string.Join(", ", found));
        Assert.Equal(["fabrikam"], search.Items[0].Clients); // as the seed spelled it
    }

    private sealed record IdAndClients(string Id, IReadOnlyList<string> Clients);

    private sealed record SuggestedOnly(IReadOnlyList<IdAndClients> Articles);

    private sealed record SearchOnly(IReadOnlyList<IdAndClients> Items);

    [Fact]
    public async Task An_admin_binds_a_customer_user_to_a_client_on_the_users_page_and_an_internal_users_client_is_cleared()
    {
        var site = fixture.Site;
        var admin = await site.SignedInClientAsync(KcsRole.Admin);
        var email = $"bound-{Guid.NewGuid():N}@test.local";
        await site.CreateUserAsync(email, KcsRole.Contributor, Audience.Customer);
        var page = await admin.GetStringAsync("/admin/users");
        // The clients seen on tickets and articles are offered (scoped CSS marks each tag, so the attribute is looked for).
        Assert.Contains("<option value=\"Contoso\"", page[page.IndexOf("<datalist id=\"known-clients\"", StringComparison.Ordinal)..]);

        var saved = await KnowledgeBaseSite.PostFormAsync(admin, "/admin/users/role", null,
            new() { ["email"] = email, ["role"] = "Contributor", ["audience"] = "Customer", ["client"] = "  Fabrikam " }, tokenPage: "/admin/users");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Contains("client%20Fabrikam", saved.Headers.Location!.OriginalString);
        await using (var scope = site.Services.CreateAsyncScope())
            Assert.Equal("Fabrikam", (await scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<KnowledgeBase.Data.Identity.KbUser>>().FindByEmailAsync(email))!.Client);

        await KnowledgeBaseSite.PostFormAsync(admin, "/admin/users/role", null,
            new() { ["email"] = email, ["role"] = "Contributor", ["audience"] = "Internal", ["client"] = "Fabrikam" }, tokenPage: "/admin/users");
        await using (var scope = site.Services.CreateAsyncScope())
            Assert.Null((await scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<KnowledgeBase.Data.Identity.KbUser>>().FindByEmailAsync(email))!.Client);
    }

    [Fact]
    public async Task The_api_writes_an_articles_clients_keeps_them_when_a_write_leaves_them_out_and_refuses_bad_ones_naming_the_field()
    {
        var api = fixture.KeyClient(fixture.Keys[0]);
        var created = await api.PostAsJsonAsync("/api/v1/articles", new { title = "Northwind scanner profile", markdown = "## Issue\nScans fail.", clients = new[] { " Northwind  Traders ", "northwind traders", "Contoso" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var article = await created.Content.ReadFromJsonAsync<ClientsOnly>();
        Assert.Equal(["Contoso", "Northwind Traders"], article!.Clients);

        // PATCH without clients keeps them; [] makes the article for every client.
        var etag = created.Headers.ETag!.Tag;
        var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/articles/{article.Id}") { Content = JsonContent.Create(new { title = "Northwind scanner profile (v2)" }) };
        patch.Headers.TryAddWithoutValidation("If-Match", etag);
        var patched = await api.SendAsync(patch);
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.Equal(["Contoso", "Northwind Traders"], (await patched.Content.ReadFromJsonAsync<ClientsOnly>())!.Clients);
        patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/articles/{article.Id}") { Content = JsonContent.Create(new { clients = Array.Empty<string>() }) };
        patch.Headers.TryAddWithoutValidation("If-Match", "*");
        Assert.Empty((await (await api.SendAsync(patch)).Content.ReadFromJsonAsync<ClientsOnly>())!.Clients);

        // The change is audited like an audience change.
        await using (var db = fixture.Site.Services.GetRequiredService<KnowledgeBaseContextFactory>().CreateDbContext())
            Assert.Contains(await db.AuditTrail.Where(e => e.Target == article.Id).Select(e => e.Action + " " + e.Details).ToListAsync(),
                d => d == "article.clients-changed Contoso, Northwind Traders → every client");

        foreach (var (clients, expected) in new (object, string)[]
                 {
                     (new[] { "Contoso", "  " }, "Client 2: the name is blank"),
                     (new[] { new string('x', 101) }, "at most 100 characters"),
                     (Enumerable.Range(1, 21).Select(i => $"Client {i}").ToArray(), "At most 20 clients"),
                     (new string?[] { null }, "Client 1: the name is blank"),
                 })
        {
            var refused = await api.PostAsJsonAsync("/api/v1/articles", new { title = "Refused", markdown = "text", clients });
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            var problem = await refused.Content.ReadFromJsonAsync<ValidationProblemOnly>();
            Assert.Contains(expected, Assert.Single(problem!.Errors["clients"]));
        }
    }

    private sealed record ClientsOnly(string Id, IReadOnlyList<string> Clients);

    private sealed record ValidationProblemOnly(Dictionary<string, string[]> Errors);

    private async Task CheckAsync(string name, Channel channel, IReadOnlyList<ClientScopeAccount> accounts)
    {
        var failures = new List<string>();
        foreach (var account in accounts)
        {
            var answer = await channel(fixture, account);
            var text = answer.Text;
            foreach (var (words, seen, what) in new[]
                     {
                         (ClientScopeSite.ContosoWords, account.SeesContoso, "Contoso's article"),
                         (ClientScopeSite.FabrikamWords, account.SeesFabrikam, "Fabrikam's article"),
                         (ClientScopeSite.OldContosoWords, account.SeesContoso, "the version written for Contoso"),
                     })
            {
                var leaked = words.Where(w => text.Contains(w, StringComparison.OrdinalIgnoreCase)).ToList();
                if (!seen && leaked.Count > 0) failures.Add($"{account}: {name} showed {what} ({string.Join(", ", leaked)})");
            }
            // The channels that list articles show the ones the reader may see: a row cannot pass by showing nothing.
            if (answer.Lists && account.SeesContoso && !ClientScopeSite.ContosoWords.Any(w => text.Contains(w, StringComparison.OrdinalIgnoreCase)))
                failures.Add($"{account}: {name} did not show Contoso's article, which it may see");
            if (answer.ShowsOldVersion && account.SeesContoso && !ClientScopeSite.OldContosoWords.Any(w => text.Contains(w, StringComparison.OrdinalIgnoreCase)))
                failures.Add($"{account}: {name} did not show the version written for Contoso, which it may see");
            if (answer.Lists && account.SeesFabrikam && !ClientScopeSite.FabrikamWords.Any(w => text.Contains(w, StringComparison.OrdinalIgnoreCase)))
                failures.Add($"{account}: {name} did not show Fabrikam's article, which it may see");
        }
        foreach (var failure in failures) output.WriteLine(failure);
        Assert.Empty(failures);
    }
}

/// <summary>One column of the client-scope matrix.</summary>
public sealed record ClientScopeAccount(string Name, Reader Reader, bool IsKey)
{
    public bool SeesContoso => Reader.IsInternal || Reader.Client == "contoso";
    public bool SeesFabrikam => Reader.IsInternal || Reader.Client == "fabrikam";
    public override string ToString() => Name;
}

public sealed record ClientScopeSeed(string Global, string Contoso, string Fabrikam, string History, string ContosoFile, string FabrikamFile, long ContosoLink, long FabrikamLink);

/// <summary>The matrix's site (SQLite or PostgreSQL), its seeded articles and one session or key per account.</summary>
public sealed class ClientScopeSite : IAsyncLifetime
{
    /// <remarks>A page may echo what was asked ("No article matches koalacontoso"): the request's own query values are
    /// taken out of each answer first (<see cref="WithoutAsked"/>), and each article keeps words no request contains (its
    /// title's end, its file's text).</remarks>
    public static readonly string[] ContosoWords = ["koalacontoso", "tagkoala", "koalafile", "stalls on the VPN"];
    public static readonly string[] FabrikamWords = ["emufabrikam", "tagemu", "emufile", "in the line-of-business app"];
    public static readonly string[] OldContosoWords = ["possumold"];

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<ClientScopeAccount, HttpClient> _clients = [];
    private readonly Dictionary<ClientScopeAccount, long> _subscriptions = [];

    public KnowledgeBaseSite Site { get; private set; } = null!;
    /// <summary>Just before the seed: the API's list and change feed are read from here (the starter content comes first).</summary>
    public DateTime SeededAfter { get; private set; }
    public long SequenceBeforeSeed { get; private set; }
    public ClientScopeSeed Seed { get; private set; } = null!;
    public ArticleSearchService Search => Site.Services.GetRequiredService<SearchIndexHost>().Service ?? throw new InvalidOperationException("search is not serving");

    public IReadOnlyList<ClientScopeAccount> Users { get; } =
    [
        new("internal user", Reader.Internal, false),
        // Spelled as an Admin might type it: the binding is compared case-insensitively after trimming.
        new("customer of Contoso", Reader.Customer(" CONTOSO "), false),
        new("customer of Fabrikam", Reader.Customer("Fabrikam"), false),
        new("customer of no client", Reader.Customer(null), false),
    ];

    public IReadOnlyList<ClientScopeAccount> Keys { get; } =
    [
        new("internal API key", Reader.Internal, true),
        new("customer API key of Contoso", Reader.Customer("Contoso"), true),
        new("customer API key of Fabrikam", Reader.Customer("fabrikam"), true),
        new("customer API key of no client", Reader.Customer(null), true),
    ];

    public async Task StartAsync(Func<Task<Dictionary<string, string?>>> providerSettings)
    {
        await _gate.WaitAsync();
        try
        {
            if (Site is not null) return;
            var settings = await providerSettings();
            settings["Api:RateLimit:PermitsPerMinute"] = "1000000";
            settings["Throttling:Enabled"] = "false";
            settings["Api:Webhooks:AllowPrivateTargets"] = "true";
            Site = new KnowledgeBaseSite(settings);
            _ = Site.ServerAddress;
            foreach (var account in Users) _clients[account] = await SignInAsync(account);
            foreach (var account in Keys) _clients[account] = await KeyClientAsync(account);
            // Subscriptions hear of changes made after they exist: made first, and the outbox's cursor placed before the seed.
            foreach (var account in Keys)
            {
                var response = await _clients[account].PostAsJsonAsync("/api/v1/webhooks", new { url = "http://127.0.0.1:9/hook", events = new[] { WebhookEvents.ArticlePublished, WebhookEvents.ArticleUpdated } });
                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
                _subscriptions[account] = (await response.Content.ReadFromJsonAsync<IdOnly>())!.Id;
            }
            await FanOutAsync();
            await using (var db = Site.Services.GetRequiredService<KnowledgeBaseContextFactory>().CreateDbContext())
                SequenceBeforeSeed = await db.ChangeLog.MaxAsync(c => (long?)c.Sequence) ?? 0;
            SeededAfter = DateTime.UtcNow.AddSeconds(-1);
            Seed = await SeedAsync();
            await WaitUntilSearchedAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    private sealed record IdOnly(long Id);

    private async Task<HttpClient> SignInAsync(ClientScopeAccount account)
    {
        var email = $"scope-{Guid.NewGuid():N}@test.local";
        await using (var scope = Site.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserAdministration>();
            var error = await users.CreateAsync("test", email, KnowledgeBaseSite.Password, KcsRole.Contributor, account.Reader.Audience)
                        ?? (account.Reader.IsInternal ? null : await users.SetClientAsync("test", email, account.Name.Contains("Contoso") ? " CONTOSO " : account.Reader.Client));
            if (error is not null) throw new InvalidOperationException(error);
        }
        var client = Site.CreateLoopbackClient();
        var response = await KnowledgeBaseSite.PostFormAsync(client, "/account/login", "login", new() { ["Input.Email"] = email, ["Input.Password"] = KnowledgeBaseSite.Password });
        if (response.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException($"sign-in failed: {(int)response.StatusCode}");
        return client;
    }

    private async Task<HttpClient> KeyClientAsync(ClientScopeAccount account)
    {
        var (_, secret) = await Site.Services.GetRequiredService<ApiKeyStore>().CreateAsync("scope-" + Guid.NewGuid().ToString("N")[..8], ApiScopes.All,
            account.Reader.Audience, account.Name.Contains("Contoso") ? "Contoso" : account.Reader.Client, "test");
        var client = Site.CreateLoopbackClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return client;
    }

    private async Task<ClientScopeSeed> SeedAsync()
    {
        var store = Site.Services.GetRequiredService<ArticleStore>();
        var ledger = Site.Services.GetRequiredService<ReuseLedger>();
        var files = Site.Services.GetRequiredService<KnowledgeBase.Data.Attachments.AttachmentStore>();
        var author = new Actor("author.scope", KcsRole.Admin);
        var contosoFile = await files.StoreAsync(new MemoryStream("koalafile: the Contoso VPN profile\n"u8.ToArray()), "koala.txt", author.Name);
        var fabrikamFile = await files.StoreAsync(new MemoryStream("emufile: the Fabrikam line-of-business settings\n"u8.ToArray()), "emu.txt", author.Name);

        async Task<Article> PublishAsync(string title, string body, string[] clients, string[] tags)
        {
            var created = await store.CreateAsync(author, null, new ArticleEdit { Title = title, Body = body, State = KcsState.Validated, Tags = tags, Clients = clients });
            return (await store.UpdateAsync(author, created.Id, created.Version, new ArticleEdit
            {
                Title = title, Body = body, State = KcsState.Validated, Audience = Audience.Customer, Tags = tags, Clients = clients,
            })).Article;
        }

        const string shared = "## Issue\nThe printer spooler stalls and jobs stay queued after the update.\n\n## Resolution\nRestart the print spooler service and clear the queue.\n";
        var global = await PublishAsync("Printer spooler stalls after the update", shared, [], ["printing"]);
        var contoso = await PublishAsync("Koalacontoso printer spooler stalls on the VPN", shared + $"\nkoalacontoso: Contoso's print server sits behind the VPN.\n\n{contosoFile.Markdown}\n", ["Contoso"], ["tagkoala", "printing"]);
        var fabrikam = await PublishAsync("Emufabrikam printer spooler stalls in the line-of-business app", shared + $"\nemufabrikam: Fabrikam's app holds the queue.\n\n{fabrikamFile.Markdown}\n", ["fabrikam"], ["tagemu", "printing"]);
        // Version 2 was Contoso's text; version 3 is for every client and no longer says it.
        var history = await PublishAsync("Label printer drops its settings", "## Issue\nThe label printer drops its settings.\n\npossumold: Contoso's label template path.\n", ["Contoso"], []);
        history = (await store.UpdateAsync(author, history.Id, history.Version, new ArticleEdit
        {
            Title = history.Title, Body = "## Issue\nThe label printer drops its settings.\n\n## Resolution\nReload the template.\n", State = KcsState.Validated,
            Audience = Audience.Customer, Clients = [],
        })).Article;

        var contosoTicket = new TicketKey("halo", "msp", "CT-1");
        await ledger.UpsertTicketAsync(new TicketUpsert { Key = contosoTicket, Subject = "Spooler stalls", Client = "Contoso" });
        var contosoLink = await ledger.LinkAsync(author, new LinkRequest(contosoTicket, contoso.Id, LinkType.Resolved));
        var fabrikamTicket = new TicketKey("halo", "msp", "FB-1");
        await ledger.UpsertTicketAsync(new TicketUpsert { Key = fabrikamTicket, Subject = "Spooler stalls", Client = "Fabrikam" });
        var fabrikamLink = await ledger.LinkAsync(author, new LinkRequest(fabrikamTicket, fabrikam.Id, LinkType.Resolved));
        return new ClientScopeSeed(global.Id, contoso.Id, fabrikam.Id, history.Id, contosoFile.Sha256, fabrikamFile.Sha256, contosoLink.Link.Id, fabrikamLink.Link.Id);
    }

    /// <summary>Until the index holds the seeded articles (the synchronizer follows the change log).</summary>
    private async Task WaitUntilSearchedAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        while (true)
        {
            if (Site.Services.GetRequiredService<SearchIndexHost>().Service is { } search
                && search.Search(new SearchRequest { Query = "label printer drops its settings", Limit = 5 }).Hits.Any(h => h.Id == Seed.History && h.Version == 3)
                && search.Search(new SearchRequest { Query = "emufabrikam", Limit = 5 }).Hits.Any(h => h.Id == Seed.Fabrikam))
                return;
            await Task.Delay(100, timeout.Token);
        }
    }

    private Task FanOutAsync() => Site.Services.GetRequiredService<WebhookStore>().FanOutAsync(id => $"http://kb.test/articles/{id}");

    /// <summary>The payloads queued for the account's subscription (after the outbox has taken every seeded change).</summary>
    public async Task<string> WebhookPayloadsAsync(ClientScopeAccount account)
    {
        var factory = Site.Services.GetRequiredService<KnowledgeBaseContextFactory>();
        var internalSubscription = _subscriptions[Keys[0]];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            await FanOutAsync();
            await using var db = factory.CreateDbContext();
            var internalPayloads = string.Join('\n', await db.WebhookDeliveries.AsNoTracking().Where(d => d.SubscriptionId == internalSubscription).Select(d => d.Payload).ToListAsync());
            if (internalPayloads.Contains(Seed.History, StringComparison.Ordinal) && internalPayloads.Contains(Seed.Fabrikam, StringComparison.Ordinal)
                && internalPayloads.Contains(Seed.Contoso, StringComparison.Ordinal))
                break;
            await Task.Delay(100, timeout.Token);
        }
        await using (var db = factory.CreateDbContext())
        {
            var id = _subscriptions[account];
            var payloads = await db.WebhookDeliveries.AsNoTracking().Where(d => d.SubscriptionId == id).Select(d => d.Payload).ToListAsync();
            // A payload names the article by id and title: the words of its title are what a leak would carry.
            return string.Join('\n', payloads);
        }
    }

    public HttpClient KeyClient(ClientScopeAccount account) => _clients[account];

    public async Task<string> PageAsync(ClientScopeAccount account, string path)
    {
        var response = await _clients[account].GetAsync(path);
        return response.StatusCode == HttpStatusCode.OK ? WithoutAsked(await response.Content.ReadAsStringAsync(), path) : $"[{(int)response.StatusCode}]";
    }

    public async Task<string> ApiAsync(ClientScopeAccount account, string path)
    {
        var response = await _clients[account].GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode ? WithoutAsked(body, path) : $"[{(int)response.StatusCode}]";
    }

    /// <summary>The answer without the values the request's query string itself carried.</summary>
    private static string WithoutAsked(string body, string path)
    {
        var query = path.IndexOf('?') is var at and >= 0 ? path[(at + 1)..] : "";
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var value = Uri.UnescapeDataString(pair[(pair.IndexOf('=') + 1)..].Replace('+', ' '));
            if (value.Length > 2) body = body.Replace(value, "", StringComparison.OrdinalIgnoreCase);
        }
        return body;
    }

    public async Task<string> ApiPostAsync(ClientScopeAccount account, string path, object body)
    {
        var response = await _clients[account].PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{path} answered {(int)response.StatusCode}: {text}");
        return text;
    }

    /// <summary>Every text entry of a ZIP the account downloads ("" when it is refused).</summary>
    public async Task<string> ZipTextAsync(ClientScopeAccount account, string path)
    {
        var response = await _clients[account].GetAsync(path);
        if (response.StatusCode != HttpStatusCode.OK || response.Content.Headers.ContentType?.MediaType != "application/zip") return $"[{(int)response.StatusCode}]";
        using var zip = new ZipArchive(await response.Content.ReadAsStreamAsync(), ZipArchiveMode.Read);
        var text = new System.Text.StringBuilder();
        foreach (var entry in zip.Entries)
        {
            using var reader = new StreamReader(entry.Open());
            text.Append(entry.FullName).Append('\n').Append(await reader.ReadToEndAsync()).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>The titles and ids of hits (what a typeahead or "similar" list shows).</summary>
    public string Titles(IEnumerable<SearchHit> hits) => string.Join('\n', hits.Select(h => $"{h.Id} {h.Title}"));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var client in _clients.Values) client.Dispose();
        if (Site is not null) await Site.DisposeAsync();
    }
}

public sealed class SqliteClientScopeMatrixTests(ClientScopeSite fixture, ITestOutputHelper output)
    : ClientScopeMatrixTests(fixture, output), IClassFixture<ClientScopeSite>
{
    protected override Task<Dictionary<string, string?>> ProviderSettingsAsync() => Task.FromResult(new Dictionary<string, string?>());
}

[Collection(KnowledgeBase.Testing.PostgresCollection.Name)]
public sealed class PostgresClientScopeMatrixTests(PostgresServerFixture postgres, ClientScopeSite fixture, ITestOutputHelper output)
    : ClientScopeMatrixTests(fixture, output), IClassFixture<ClientScopeSite>
{
    protected override async Task<Dictionary<string, string?>> ProviderSettingsAsync() => new()
    {
        ["Database:Provider"] = "PostgreSql",
        ["ConnectionStrings:KnowledgeBase"] = await postgres.Server.CreateDatabaseAsync("kbclientscope"),
    };
}
