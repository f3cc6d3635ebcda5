using System.Net;
using System.Net.Http.Headers;
using KnowledgeBase.Core.Api;
using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Lifecycle;
using KnowledgeBase.Core.Tickets;
using KnowledgeBase.Data;
using KnowledgeBase.Data.Api;
using KnowledgeBase.Data.Articles;
using KnowledgeBase.Data.Tickets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Web.Tests.Security;

/// <summary>
/// The site the matrix runs against (SQLite or PostgreSQL, started by the first test with its provider's settings: a
/// class fixture cannot see the PostgreSQL collection fixture), seeded with internal data a leak would show — each
/// piece carries a word that appears nowhere else (<see cref="Canaries"/>) — and one signed-in client per account.
/// </summary>
public sealed class AccessMatrixSite : IAsyncLifetime
{
    /// <summary>Words that exist only in internal data: an internal article's title, body and tag; text a customer article had while it was internal; a client's ticket; people and notes.</summary>
    /// <remarks>What the request itself says (its path and query values) is taken out of the answer first: a page may
    /// echo what was asked ("No article matches quokkasecret"). The phrases of the internal titles and bodies stay
    /// checkable then, as no request contains them.</remarks>
    public static readonly string[] Canaries =
    [
        "quokkasecret", "relay rejects mail", "Re-bind the certificate", "wallabyhidden", "edit the registry", "numbatprivate", "VPN drops every hour",
        "SECRET-1", "internaltagdingo", "owner.numbat", "author.matrix", "tech.matrix", "flagcomment-echidna", "changenote-platypus", "Fabrikam-canary",
        "bilbyattached", "dunnartattached",
    ];

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<MatrixAccount, HttpClient> _clients = [];
    private readonly Dictionary<HttpClient, string> _tokens = [];

    public KnowledgeBaseSite Site { get; private set; } = null!;
    public MatrixSeed Seed { get; private set; } = null!;
    public IReadOnlyList<MatrixAccount> Accounts { get; } = MatrixAccount.All().ToList();
    private readonly Dictionary<MatrixAccount, string> _keys = [];

    public async Task StartAsync(Func<Task<Dictionary<string, string?>>> providerSettings)
    {
        await _gate.WaitAsync();
        try
        {
            if (Site is not null) return;
            var settings = await providerSettings();
            // The matrix and the bad-input lists send thousands of requests with one key from one address: the limits
            // under test elsewhere (ThrottlingTests, RateLimitTests) must not answer them with 429.
            settings["Api:RateLimit:PermitsPerMinute"] = "1000000";
            settings["Throttling:Enabled"] = "false";
            Site = new KnowledgeBaseSite(settings);
            _ = Site.ServerAddress;
            Seed = await SeedAsync();
            foreach (var account in Accounts)
            {
                if (account.IsKey)
                {
                    var (_, secret) = await Site.Services.GetRequiredService<ApiKeyStore>().CreateAsync("matrix-" + account.Audience.ToString().ToLowerInvariant(), ApiScopes.All, account.Audience, "test");
                    _keys[account] = secret;
                }
                _clients[account] = await NewClientAsync(account);
            }
            await WaitForSearchAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    public HttpClient Client(MatrixAccount account) => _clients[account];

    /// <summary>A new session of the account (signing out ends the shared one).</summary>
    public async Task<HttpClient> NewClientAsync(MatrixAccount account)
    {
        if (account.Role is { } role) return await Site.SignedInClientAsync(role, account.Audience);
        var client = Site.CreateLoopbackClient();
        if (_keys.TryGetValue(account, out var key)) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <summary>An antiforgery token of the client's session, from a page it may open.</summary>
    public async Task<string> TokenAsync(HttpClient client)
    {
        lock (_tokens)
            if (_tokens.TryGetValue(client, out var known)) return known;
        var page = await client.GetAsync("/account/denied");
        if (page.StatusCode != HttpStatusCode.OK) page = await client.GetAsync("/account/login");
        var token = KnowledgeBaseSite.AntiforgeryToken(await page.Content.ReadAsStringAsync());
        lock (_tokens) _tokens[client] = token;
        return token;
    }

    /// <summary>Waits until search serves (a rebuild the matrix itself requested finishes quickly on the starter content).</summary>
    public Task WaitForSearchAsync() => Site.WaitForSearchAsync();

    private async Task<MatrixSeed> SeedAsync()
    {
        var store = Site.Services.GetRequiredService<ArticleStore>();
        var ledger = Site.Services.GetRequiredService<ReuseLedger>();
        var factory = Site.Services.GetRequiredService<KnowledgeBaseContextFactory>();
        string category;
        await using (var db = factory.CreateDbContext())
            category = await db.Categories.OrderBy(c => c.Id).Select(c => c.Id).FirstAsync();
        // The owner is an account whose name is a canary: a customer must never read it.
        const string owner = "owner.numbat@test.local";
        await using (var scope = Site.Services.CreateAsyncScope())
        {
            var created = await scope.ServiceProvider.GetRequiredService<KnowledgeBase.Web.Identity.UserAdministration>()
                .CreateAsync("matrix", owner, KnowledgeBaseSite.Password, KcsRole.Contributor, displayName: "owner.numbat");
            if (created is not null) throw new InvalidOperationException(created);
        }
        var author = new Actor("author.matrix", KcsRole.Admin);
        // Files: one an internal article links to, one only the internal first version of a customer article linked to,
        // and the customer version's own image. The internal ones' text is canaries.
        var files = Site.Services.GetRequiredService<KnowledgeBase.Data.Attachments.AttachmentStore>();
        var internalFile = await files.StoreAsync(new MemoryStream("bilbyattached relay settings\n"u8.ToArray()), "relay.txt", author.Name);
        var oldInternalFile = await files.StoreAsync(new MemoryStream("dunnartattached registry export\n"u8.ToArray()), "registry.txt", author.Name);
        var customerFile = await files.StoreAsync(new MemoryStream([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3]), "blank-page.png", author.Name);

        var internalArticle = await store.CreateAsync(author, null, new ArticleEdit
        {
            Title = "Quokkasecret relay rejects mail after the certificate renewal",
            Body = $"## Issue\nThe quokkasecret relay rejects mail.\n\n## Resolution\nRe-bind the certificate on the relay.\n\n{internalFile.Markdown}\n",
            State = KcsState.Validated, Categories = [category], Tags = ["internaltagdingo"], Owner = owner,
        });
        var wip = await store.CreateAsync(author, null, new ArticleEdit
        {
            Title = "Numbatprivate draft: VPN drops every hour", Body = "## Issue\nnumbatprivate VPN drops.\n", State = KcsState.Wip, Owner = owner,
        });
        // A customer article whose first version was internal text: that version must never reach a customer.
        var customer = await store.CreateAsync(author, null, new ArticleEdit
        {
            Title = "Printer prints blank pages after a driver update",
            Body = $"## Issue\nBlank pages.\n\n## Resolution\nwallabyhidden internal workaround: edit the registry.\n\n{oldInternalFile.Markdown}\n",
            State = KcsState.NotValidated, Categories = [category], Owner = owner,
        });
        customer = (await store.UpdateAsync(author, customer.Id, customer.Version, new ArticleEdit
        {
            Title = customer.Title, Body = $"## Issue\nBlank pages.\n\n## Resolution\nReinstall the printer driver from the vendor's site.\n\n{customerFile.Markdown}\n",
            State = KcsState.Validated, Audience = Audience.Customer, Categories = [category], Owner = owner, ChangeNote = "changenote-platypus",
        })).Article;

        var ticket = new TicketKey("halo", "acme", "SECRET-1");
        await ledger.UpsertTicketAsync(new TicketUpsert { Key = ticket, Subject = "Numbatprivate mailbox full", Client = "Fabrikam-canary", Description = "numbatprivate" });
        var link = await ledger.LinkAsync(author, new LinkRequest(ticket, customer.Id, LinkType.Resolved));
        await ledger.LinkAsync(author, new LinkRequest(ticket, internalArticle.Id, LinkType.Reference));
        var flag = await ledger.FlagAsync(new Actor("tech.matrix", KcsRole.Contributor), customer.Id, FlagReason.Incomplete, "flagcomment-echidna");
        return new MatrixSeed(internalArticle.Id, customer.Id, wip.Id, ticket, link.Link.Id, flag.Id, category, internalArticle.Owner!,
            internalFile.Sha256, oldInternalFile.Sha256, customerFile.Sha256);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var client in _clients.Values) client.Dispose();
        if (Site is not null) await Site.DisposeAsync();
    }
}
