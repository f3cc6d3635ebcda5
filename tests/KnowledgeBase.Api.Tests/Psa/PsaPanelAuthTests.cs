using System.Net;
using System.Text.RegularExpressions;
using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Psa;
using KnowledgeBase.Core.Tickets;
using KnowledgeBase.Data.Psa;
using KnowledgeBase.Data.Tickets;
using KnowledgeBase.Testing;

namespace KnowledgeBase.Api.Tests.Psa;

/// <summary>
/// The ticket panel's authentication without cookies (docs/psa.md "Ticket panel"): a link the PSA side signed with the
/// instance's embed secret opens it once; replayed, tampered, expired or over-long links are refused; every action carries
/// a sealed session that cannot be altered or moved to another ticket; the panel may be framed only by the listed
/// origins while every other page keeps refusing frames. On SQLite and PostgreSQL.
/// </summary>
public abstract partial class PsaPanelAuthTests(PsaPanelAuthTests.Fixture fixture) : IAsyncLifetime
{
    public sealed class Fixture : SharedApiSite
    {
        protected override Task SeedAsync()
        {
            _ = Api.Site.ServerAddress;
            return Task.CompletedTask;
        }
    }

    protected abstract Task<Dictionary<string, string?>> ProviderSettingsAsync();

    public Task InitializeAsync() => fixture.StartAsync(ProviderSettingsAsync);

    public Task DisposeAsync() => Task.CompletedTask;

    private ApiSite Api => fixture.Api;

    [GeneratedRegex("name=\"s\" value=\"([^\"]+)\"")]
    private static partial Regex SessionField();

    private async Task<CreatedPsaInstance> InstanceAsync(UnmappedMembers unmapped = UnmappedMembers.Candidate)
    {
        var slug = "cw-" + Guid.NewGuid().ToString("N")[..8];
        return await Api.Service<PsaInstanceStore>().CreateAsync("admin@test.local", new PsaInstanceInput
        {
            Slug = slug, System = PsaSystem.ConnectWise, DisplayName = "ConnectWise", TicketInstance = slug + ".example.com",
            FrameOrigins = "https://na.myconnectwise.net\nhttps://*.acme.example", UnmappedMembers = unmapped,
        });
    }

    private static string Link(CreatedPsaInstance created, string ticket, string member, long? exp = null, string? nonce = null)
    {
        var expires = exp ?? DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds();
        var n = nonce ?? Guid.NewGuid().ToString("N");
        return $"/psa/{created.Instance.Slug}/panel/{ticket}?member={Uri.EscapeDataString(member)}&exp={expires}&nonce={n}&sig={PanelLink.Sign(created.EmbedSecret, created.Instance.Slug, ticket, member, expires, n)}";
    }

    private static async Task<(HttpStatusCode Status, string Html, HttpResponseMessage Response)> GetAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }

    [Fact]
    public async Task A_signed_link_opens_the_panel_once_framed_only_by_the_listed_origins()
    {
        var created = await InstanceAsync();
        var client = Api.Client();
        var link = Link(created, "48213", "jdoe");
        var (status, html, response) = await GetAsync(client, link);
        Assert.True(status == HttpStatusCode.OK, html);
        Assert.Contains("Ticket #48213", html);
        Assert.Matches(SessionField(), html);
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("frame-ancestors https://na.myconnectwise.net https://*.acme.example;", csp);
        Assert.False(response.Headers.Contains("X-Frame-Options"));
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Null(response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies.FirstOrDefault() : null);

        // The same link again (a replay from history, a log, a shoulder): refused.
        (status, html, _) = await GetAsync(client, link);
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Contains("already used", html);

        // Every other page still refuses any frame.
        var home = await client.GetAsync("/account/login");
        Assert.Equal("DENY", home.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("frame-ancestors 'none'", home.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task Tampered_expired_too_long_and_foreign_links_are_refused_with_a_reason()
    {
        var created = await InstanceAsync();
        var client = Api.Client();
        var tampered = Link(created, "48213", "jdoe").Replace("member=jdoe", "member=boss", StringComparison.Ordinal);
        var (status, html, _) = await GetAsync(client, tampered);
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Contains("signature does not match", html);

        var otherTicket = Link(created, "48213", "jdoe").Replace("/panel/48213?", "/panel/48214?", StringComparison.Ordinal);
        (status, _, _) = await GetAsync(client, otherTicket);
        Assert.Equal(HttpStatusCode.Unauthorized, status);

        (status, html, _) = await GetAsync(client, Link(created, "48213", "jdoe", exp: DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds()));
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Contains("expired", html);

        (status, html, _) = await GetAsync(client, Link(created, "48213", "jdoe", exp: DateTimeOffset.UtcNow.AddHours(2).ToUnixTimeSeconds()));
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Contains("longer than", html);

        var another = await InstanceAsync();
        (status, _, _) = await GetAsync(client, Link(another, "48213", "jdoe").Replace(another.Instance.Slug, created.Instance.Slug, StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Unauthorized, status);

        (status, html, _) = await GetAsync(client, $"/psa/{created.Instance.Slug}/panel/48213?member=jdoe");
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Contains("missing exp, nonce, sig", html);
    }

    [Fact]
    public async Task Actions_carry_the_sealed_session_which_cannot_be_altered_or_moved_to_another_ticket()
    {
        var created = await InstanceAsync();
        var article = await Api.ArticleAsync("Teams calls drop after docking the laptop");
        var client = Api.Client();
        var (_, html, _) = await GetAsync(client, Link(created, "48213", "jdoe"));
        var session = WebUtility.HtmlDecode(SessionField().Match(html).Groups[1].Value);
        var slug = created.Instance.Slug;

        Task<HttpResponseMessage> Post(string ticket, string s, string type = "resolved") => client.PostAsync($"/psa/{slug}/panel/{ticket}/link",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["s"] = s, ["articleId"] = article.Id, ["type"] = type }));

        var altered = await Post("48213", session[..^4] + (session.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA"));
        Assert.Equal(HttpStatusCode.Unauthorized, altered.StatusCode);
        var moved = await Post("48214", session);
        Assert.Equal(HttpStatusCode.Unauthorized, moved.StatusCode);
        Assert.Contains("expired", await moved.Content.ReadAsStringAsync()); // "…or was not opened here"
        var none = await Post("48213", "");
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        var key = new TicketKey("connectwise", created.Instance.TicketInstance, "48213");
        Assert.Null(await Api.Service<ReuseLedger>().FindTicketAsync(key));

        var linked = await Post("48213", session);
        var text = await linked.Content.ReadAsStringAsync();
        Assert.True(linked.StatusCode == HttpStatusCode.OK, text);
        Assert.Contains("Linked as solved with: Teams calls drop after docking the laptop", text);
        var link = Assert.Single(await Api.Service<ReuseLedger>().LinksOfTicketAsync(key));
        Assert.Equal(LinkType.Resolved, link.Type);
        Assert.Equal($"psa:{slug}:jdoe", link.LinkedBy); // an unmapped member acts as the limited technician
    }

    [Fact]
    public async Task A_member_is_the_account_with_their_email_or_the_mapping_and_unmapped_members_can_be_refused()
    {
        var created = await InstanceAsync(UnmappedMembers.Refuse);
        var client = Api.Client();
        var (status, html, _) = await GetAsync(client, Link(created, "100", "stranger"));
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.False(string.IsNullOrWhiteSpace(Regex.Match(html, "role=\"alert\"[^>]*>([^<]+)<").Groups[1].Value));

        await Api.Site.CreateUserAsync("ana.lima@test.local", Core.Lifecycle.KcsRole.Contributor);
        (status, html, _) = await GetAsync(client, Link(created, "100", "ana.lima@test.local"));
        Assert.True(status == HttpStatusCode.OK, html);
        Assert.Contains("Acting as <strong>ana.lima@test.local</strong>", html);

        await Api.Service<PsaInstanceStore>().SetMemberMappingAsync("admin@test.local", created.Instance.Id, "alima", "ana.lima@test.local");
        (status, html, _) = await GetAsync(client, Link(created, "100", "alima"));
        Assert.True(status == HttpStatusCode.OK, html);
        Assert.Contains("Acting as <strong>ana.lima@test.local</strong>", html);
    }

    [Fact]
    public async Task Capture_makes_one_WIP_article_from_the_ticket_linked_as_created_however_often_the_form_is_sent()
    {
        var created = await InstanceAsync();
        var key = new TicketKey("connectwise", created.Instance.TicketInstance, "555");
        await Api.Service<ReuseLedger>().UpsertTicketAsync(new TicketUpsert { Key = key, Subject = "Label printer prints blank labels", Description = "Zebra GK420d on the warehouse PC prints blank labels since the driver update." });
        var client = Api.Client();
        var (_, html, _) = await GetAsync(client, Link(created, "555", "jdoe"));
        var session = WebUtility.HtmlDecode(SessionField().Match(html).Groups[1].Value);
        var form = new Dictionary<string, string> { ["s"] = session, ["key"] = "capture-form-1", ["title"] = "Zebra label printer prints blank labels after driver update" };
        var first = await client.PostAsync($"/psa/{created.Instance.Slug}/panel/555/capture", new FormUrlEncodedContent(form));
        Assert.Contains("Captured the WIP article", await first.Content.ReadAsStringAsync());
        var again = await client.PostAsync($"/psa/{created.Instance.Slug}/panel/555/capture", new FormUrlEncodedContent(form));
        Assert.Contains("Already captured from this form", await again.Content.ReadAsStringAsync());

        var link = Assert.Single(await Api.Service<ReuseLedger>().LinksOfTicketAsync(key));
        Assert.Equal(LinkType.Created, link.Type);
        var article = await Api.Articles.FindAsync(link.ArticleId);
        Assert.Equal(KcsState.Wip, article!.State);
        Assert.Contains("Zebra GK420d on the warehouse PC", article.Body);
    }

    [Fact]
    public async Task The_panel_logs_its_suggestions_as_a_prefetch_its_search_as_demand_and_a_link_promotes_the_prefetch()
    {
        var created = await InstanceAsync();
        var article = await Api.ArticleAsync("Numbat docking station drops the second monitor");
        var key = new TicketKey("connectwise", created.Instance.TicketInstance, "7001");
        await Api.Service<ReuseLedger>().UpsertTicketAsync(new TicketUpsert { Key = key, Subject = "Numbat docking station drops the second monitor", Description = "Since Monday." });
        var client = Api.Client();
        string html = "";
        for (var i = 0; i < 100 && !html.Contains(article.Id, StringComparison.Ordinal); i++)
        {
            if (i > 0) await Task.Delay(200); // the index catches up with the new article
            (_, html, _) = await GetAsync(client, Link(created, "7001", "jdoe"));
        }
        Assert.Contains(article.Id, html);
        var session = WebUtility.HtmlDecode(SessionField().Match(html).Groups[1].Value);

        async Task<List<SearchLogEntry>> LoggedAsync()
        {
            await using var db = await Api.Service<Microsoft.EntityFrameworkCore.IDbContextFactory<KnowledgeBase.Data.KnowledgeBaseDbContext>>().CreateDbContextAsync();
            return await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
                db.SearchLog.Where(s => s.TicketSystem == key.System && s.TicketInstance == key.Instance && s.TicketId == key.ExternalId).OrderBy(s => s.Id));
        }

        var prefetch = (await LoggedAsync()).Last();
        Assert.Equal((SearchSource.Panel, true, $"psa:{created.Instance.Slug}:jdoe"), (prefetch.Source, prefetch.Prefetch, prefetch.UserName));
        Assert.Contains(article.Id, prefetch.ShownArticleIds!.Split(' '));

        var linked = await client.PostAsync($"/psa/{created.Instance.Slug}/panel/7001/link",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["s"] = session, ["articleId"] = article.Id, ["type"] = "resolved" }));
        Assert.Contains("Linked as solved with", await linked.Content.ReadAsStringAsync());
        var promoted = (await LoggedAsync()).Single(s => s.Id == prefetch.Id);
        Assert.Equal((false, article.Id), (promoted.Prefetch, promoted.LinkedArticleId));

        await client.PostAsync($"/psa/{created.Instance.Slug}/panel/7001/search", new FormUrlEncodedContent(new Dictionary<string, string> { ["s"] = session, ["q"] = "numbat monitor" }));
        var searched = (await LoggedAsync()).Last();
        Assert.Equal((SearchSource.Panel, false, "numbat monitor"), (searched.Source, searched.Prefetch, searched.Query));
    }

    [Fact]
    public async Task Opening_an_article_from_the_panel_answers_the_suggestions_that_showed_it_and_goes_to_the_article()
    {
        var created = await InstanceAsync();
        var article = await Api.ArticleAsync("Quokka label printer skips every second label");
        var key = new TicketKey("connectwise", created.Instance.TicketInstance, "7002");
        await Api.Service<ReuseLedger>().UpsertTicketAsync(new TicketUpsert { Key = key, Subject = "Quokka label printer skips every second label" });
        var client = Api.Client();
        string html = "";
        for (var i = 0; i < 100 && !html.Contains(article.Id, StringComparison.Ordinal); i++)
        {
            if (i > 0) await Task.Delay(200); // the index catches up with the new article
            (_, html, _) = await GetAsync(client, Link(created, "7002", "jdoe"));
        }
        Assert.Contains("/panel/7002/open", html);
        var session = WebUtility.HtmlDecode(SessionField().Match(html).Groups[1].Value);

        async Task<SearchLogEntry> PrefetchAsync()
        {
            await using var db = await Api.Service<Microsoft.EntityFrameworkCore.IDbContextFactory<KnowledgeBase.Data.KnowledgeBaseDbContext>>().CreateDbContextAsync();
            return db.SearchLog.Where(s => s.TicketSystem == key.System && s.TicketInstance == key.Instance && s.TicketId == key.ExternalId).OrderBy(s => s.Id).ToList().Last();
        }
        Assert.Equal((true, null), ((await PrefetchAsync()).Prefetch, (await PrefetchAsync()).OpenedArticleId));

        // A form that lost its session opens nothing and counts nothing.
        var refused = await client.PostAsync($"/psa/{created.Instance.Slug}/panel/7002/open",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["s"] = session + "x", ["articleId"] = article.Id }));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Null((await PrefetchAsync()).OpenedArticleId);

        var opened = await client.PostAsync($"/psa/{created.Instance.Slug}/panel/7002/open",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["s"] = session, ["articleId"] = article.Id }));
        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        Assert.Equal("/articles/" + article.Id, opened.Headers.Location?.OriginalString);
        var answered = await PrefetchAsync();
        Assert.Equal((false, article.Id), (answered.Prefetch, answered.OpenedArticleId));
    }
}

public sealed class SqlitePsaPanelAuthTests(PsaPanelAuthTests.Fixture fixture) : PsaPanelAuthTests(fixture), IClassFixture<PsaPanelAuthTests.Fixture>
{
    protected override Task<Dictionary<string, string?>> ProviderSettingsAsync() => Task.FromResult(new Dictionary<string, string?>());
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresPsaPanelAuthTests(PostgresServerFixture postgres, PsaPanelAuthTests.Fixture fixture) : PsaPanelAuthTests(fixture), IClassFixture<PsaPanelAuthTests.Fixture>
{
    protected override Task<Dictionary<string, string?>> ProviderSettingsAsync() => Providers.PostgresAsync(postgres.Server);
}
