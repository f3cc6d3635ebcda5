using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KnowledgeBase.Core.Api;
using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Lifecycle;
using KnowledgeBase.Data.Api;
using KnowledgeBase.Testing;
using KnowledgeBase.Web.Api;

namespace KnowledgeBase.Api.Tests;

/// <summary>
/// Every endpoint and error path of /api/v1 over the real Kestrel host, with one site per class: on SQLite
/// (<see cref="SqliteApiContractTests"/>) and on a real PostgreSQL (<see cref="PostgresApiContractTests"/>).
/// </summary>
public abstract class ApiContractTests(ApiContractTests.Fixture fixture) : IAsyncLifetime
{
    /// <summary>The class's site, started by the first test with its provider's settings (a class fixture cannot see the PostgreSQL collection fixture).</summary>
    public sealed class Fixture : SharedApiSite
    {
        public HttpClient Full { get; private set; } = null!;
        public HttpClient ReadOnly { get; private set; } = null!;
        public HttpClient Customer { get; private set; } = null!;
        public Article Internal { get; private set; } = null!;
        public Article Public { get; private set; } = null!;

        protected override void Configure(Dictionary<string, string?> settings)
        {
            settings["Api:MaxRequestBodyBytes"] = "65536";
        }

        protected override async Task SeedAsync()
        {
            Full = Api.Client(await Api.KeyAsync());
            ReadOnly = Api.Client(await Api.KeyAsync(Audience.Internal, ApiScopes.Read));
            Customer = Api.Client(await Api.KeyAsync(Audience.Customer, ApiScopes.Read, ApiScopes.LinksWrite, ApiScopes.FeedbackWrite, ApiScopes.WebhooksManage));
            Internal = await Api.ArticleAsync("Zebraprinter spooler hangs after the update — internal runbook", body: "## Issue\nZebraprinter spooler hangs.\n\n## Resolution\nKill spoolsv.\n");
            Public = await Api.ArticleAsync("Zebraprinter labels print blank — customer guide", KcsState.Validated, Audience.Customer, "## Issue\nZebraprinter labels are blank.\n\n## Resolution\nCalibrate the media.\n");
            await WaitForSearchAsync(Full, "zebraprinter", 2);
        }
    }

    /// <summary>The settings that choose the database.</summary>
    protected abstract Task<Dictionary<string, string?>> ProviderSettingsAsync();

    public Task InitializeAsync() => fixture.StartAsync(ProviderSettingsAsync);

    public Task DisposeAsync() => Task.CompletedTask;

    private ApiSite Api => fixture.Api;

    private static async Task WaitForSearchAsync(HttpClient client, string q, int count)
    {
        for (var i = 0; i < 100; i++)
        {
            var response = await client.GetAsync($"/api/v1/articles/search?q={q}");
            if (response.IsSuccessStatusCode && (await response.BodyAsync()).GetProperty("items").GetArrayLength() >= count) return;
            await Task.Delay(200);
        }
        throw new TimeoutException("search never caught up");
    }

    [Fact]
    public async Task A_request_without_a_key_gets_401_problem_json_and_no_redirect()
    {
        var response = await Api.Client().GetAsync("/api/v1/articles/kb-1001");
        await response.AssertProblemAsync(401, ApiProblems.Unauthorized);
        Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task A_signed_in_browser_cookie_does_not_open_the_api()
    {
        var browser = await Api.Site.SignedInClientAsync(KcsRole.Admin);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/")).StatusCode);
        await (await browser.GetAsync("/api/v1/categories")).AssertProblemAsync(401, ApiProblems.Unauthorized);
    }

    [Fact]
    public async Task A_bad_or_revoked_key_gets_401()
    {
        await (await Api.Client("kb_live_aaaaaaaaaaaa_notthekey").GetAsync("/api/v1/categories")).AssertProblemAsync(401, ApiProblems.Unauthorized);
        var key = await Api.KeyAsync();
        var client = Api.Client(key);
        (await client.GetAsync("/api/v1/categories")).EnsureSuccessStatusCode();
        var name = (await Api.Service<ApiKeyStore>().ListAsync()).Single(k => k.KeyId == key.Split('_')[2]).Name;
        Assert.True(await Api.Service<ApiKeyStore>().RevokeAsync(name, "test"));
        await (await client.GetAsync("/api/v1/categories")).AssertProblemAsync(401, ApiProblems.Unauthorized);
        // The same key through X-Api-Key is refused too, and a tampered secret with a real key id as well.
        var tampered = Api.Client();
        tampered.DefaultRequestHeaders.Add("X-Api-Key", key[..^2] + "xx");
        await (await tampered.GetAsync("/api/v1/categories")).AssertProblemAsync(401, ApiProblems.Unauthorized);
    }

    [Fact]
    public async Task A_key_without_the_scope_gets_403_naming_the_scope()
    {
        var response = await fixture.ReadOnly.PostAsJsonAsync("/api/v1/ticket-links", new { articleId = "kb-1001", ticket = new { system = "cw", instance = "i", id = "1" } });
        await response.AssertProblemAsync(403, ApiProblems.Forbidden);
        Assert.Contains("kb.links.write", await response.Content.ReadAsStringAsync());
        await (await fixture.ReadOnly.GetAsync("/api/v1/reports/reuse")).AssertProblemAsync(403, ApiProblems.Forbidden);
        await (await fixture.ReadOnly.GetAsync("/api/v1/webhooks")).AssertProblemAsync(403, ApiProblems.Forbidden);
    }

    [Fact]
    public async Task Search_finds_wip_articles_for_internal_keys_with_plain_text_snippets_and_never_for_customer_keys()
    {
        await Api.ArticleAsync("Labelwriterxq 450 prints blank labels", KcsState.Wip, body:
            "## Issue\n\n### Seen at intake\n\n**Labelwriterxq** 450 prints *blank* labels.\n\n> [!NOTE]\n> Since the `driver` update.\n\n"
            + ":::image type=\"content\" source=\"./media/blank.png\" alt-text=\"Screenshot of a blank label.\":::\n");
        await WaitForSearchAsync(fixture.Full, "labelwriterxq", 1);

        var item = (await (await fixture.Full.GetAsync("/api/v1/articles/search?q=labelwriterxq%20blank")).BodyAsync()).GetProperty("items")[0];
        Assert.Equal("wip", item.GetProperty("state").GetString());
        var snippet = item.GetProperty("snippet").GetString()!;
        Assert.StartsWith("Seen at intake <mark>Labelwriterxq</mark> 450 prints <mark>blank</mark> labels. Note: Since the driver update.", snippet);
        foreach (var markup in new[] { "**", "###", ":::", "[!", "`", "alt-text" }) Assert.DoesNotContain(markup, snippet);

        Assert.Empty((await (await fixture.Customer.GetAsync("/api/v1/articles/search?q=labelwriterxq")).BodyAsync()).Ids());
        Assert.Empty((await (await fixture.Customer.GetAsync("/api/v1/articles/search?q=labelwriterxq&state=wip")).BodyAsync()).Ids());
    }

    [Fact]
    public async Task Search_returns_highlighted_items_and_pages_with_an_opaque_cursor_and_a_link_header()
    {
        var first = await fixture.Full.GetAsync("/api/v1/articles/search?q=outlook&limit=2");
        first.EnsureSuccessStatusCode();
        var body = await first.BodyAsync();
        var items = body.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(2, items.Count);
        foreach (var name in new[] { "id", "title", "snippet", "score", "state", "audience", "url", "updatedAt" }) Assert.True(items[0].TryGetProperty(name, out _), name);
        Assert.Contains("<mark>", items[0].GetProperty("snippet").GetString(), StringComparison.OrdinalIgnoreCase);
        var next = body.GetProperty("nextCursor").GetString()!;
        Assert.Contains("rel=\"next\"", first.Headers.GetValues("Link").Single());
        var second = await (await fixture.Full.GetAsync($"/api/v1/articles/search?q=outlook&limit=2&cursor={Uri.EscapeDataString(next)}")).BodyAsync();
        Assert.Empty(second.Ids().Intersect(body.Ids()));
    }

    [Theory]
    [InlineData("/api/v1/articles/search?q=outlook&cursor=not-a-cursor")]
    [InlineData("/api/v1/articles?cursor=djE6Y2hhbmdlczoy")]
    [InlineData("/api/v1/changes?cursor=%21%21")]
    [InlineData("/api/v1/ticket-links?articleId=kb-1001&cursor=abc")]
    public async Task A_bad_cursor_is_a_400_naming_the_cursor(string path)
    {
        var response = await fixture.Full.GetAsync(path);
        await response.AssertProblemAsync(400, ApiProblems.Validation);
        Assert.True((await response.BodyAsync()).GetProperty("errors").TryGetProperty("cursor", out _));
    }

    [Fact]
    public async Task A_limit_over_100_is_a_400_naming_the_limit()
    {
        var response = await fixture.Full.GetAsync("/api/v1/articles?limit=101");
        await response.AssertProblemAsync(400, ApiProblems.Validation);
        Assert.True((await response.BodyAsync()).GetProperty("errors").TryGetProperty("limit", out _));
    }

    [Fact]
    public async Task An_article_comes_in_each_format_with_a_strong_etag_and_if_none_match_answers_304()
    {
        var response = await fixture.Full.GetAsync("/api/v1/articles/kb-1001?format=html");
        response.EnsureSuccessStatusCode();
        var etag = response.Headers.ETag!;
        Assert.False(etag.IsWeak);
        var body = await response.BodyAsync();
        Assert.Contains("<", body.GetProperty("html").GetString());
        Assert.False(body.TryGetProperty("markdown", out _));
        foreach (var section in new[] { "issue", "environment", "resolution", "cause" }) Assert.True(body.GetProperty("sections").TryGetProperty(section, out _));
        Assert.True(body.TryGetProperty("reuseCount", out _));
        Assert.False(string.IsNullOrEmpty(body.GetProperty("owner").GetString()));

        using var conditional = new HttpRequestMessage(HttpMethod.Get, "/api/v1/articles/kb-1001?format=html");
        conditional.Headers.IfNoneMatch.Add(etag);
        var notModified = await fixture.Full.SendAsync(conditional);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal(etag, notModified.Headers.ETag);

        var text = await (await fixture.Full.GetAsync("/api/v1/articles/kb-1001?format=text")).BodyAsync();
        Assert.DoesNotContain("<", text.GetProperty("text").GetString());
        Assert.Contains("#", (await (await fixture.Full.GetAsync("/api/v1/articles/kb-1001")).BodyAsync()).GetProperty("markdown").GetString());
        await (await fixture.Full.GetAsync("/api/v1/articles/kb-1001?format=pdf")).AssertProblemAsync(400, ApiProblems.Validation);
        await (await fixture.Full.GetAsync("/api/v1/articles/no-such-article")).AssertProblemAsync(404, ApiProblems.NotFound);
    }

    [Fact]
    public async Task The_list_pages_by_update_time_and_filters_by_updated_since()
    {
        var seen = new List<string>();
        string? cursor = null;
        for (var page = 0; page < 100; page++)
        {
            var response = await fixture.Full.GetAsync("/api/v1/articles?limit=25" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));
            var body = await response.BodyAsync();
            seen.AddRange(body.Ids());
            cursor = body.GetProperty("nextCursor").GetString();
            if (cursor is null) break;
            Assert.Contains("rel=\"next\"", response.Headers.GetValues("Link").Single());
        }
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Contains(fixture.Internal.Id, seen);
        Assert.True(seen.Count > 50);

        var since = Uri.EscapeDataString(fixture.Internal.UpdatedAt.ToString("O"));
        var recent = (await (await fixture.Full.GetAsync($"/api/v1/articles?updatedSince={since}&limit=100")).BodyAsync()).Ids().ToList();
        Assert.Contains(fixture.Internal.Id, recent);
        Assert.DoesNotContain("kb-1001", recent);
    }

    [Fact]
    public async Task A_customer_key_never_learns_that_an_internal_article_exists()
    {
        var customer = fixture.Customer;
        await (await customer.GetAsync($"/api/v1/articles/{fixture.Internal.Id}")).AssertProblemAsync(404, ApiProblems.NotFound);
        (await customer.GetAsync($"/api/v1/articles/{fixture.Public.Id}")).EnsureSuccessStatusCode();

        var search = await (await customer.GetAsync("/api/v1/articles/search?q=zebraprinter")).BodyAsync();
        Assert.Equal([fixture.Public.Id], search.Ids());
        var suggestions = await (await customer.PostAsJsonAsync("/api/v1/articles/suggestions", new { subject = "zebraprinter spooler hangs", description = "labels blank" })).BodyAsync();
        Assert.DoesNotContain(fixture.Internal.Id, suggestions.Ids("articles"));

        var listed = new List<string>();
        string? cursor = null;
        do
        {
            var body = await (await customer.GetAsync("/api/v1/articles?limit=100" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)))).BodyAsync();
            listed.AddRange(body.Ids());
            cursor = body.GetProperty("nextCursor").GetString();
        } while (cursor is not null);
        Assert.Contains(fixture.Public.Id, listed);
        Assert.DoesNotContain(fixture.Internal.Id, listed);

        var changes = await (await customer.GetAsync("/api/v1/changes?limit=100")).BodyAsync();
        var feedIds = new List<string>();
        var feedCursor = "";
        for (var i = 0; i < 50; i++)
        {
            var page = await (await customer.GetAsync("/api/v1/changes?limit=100" + (feedCursor.Length == 0 ? "" : "&cursor=" + Uri.EscapeDataString(feedCursor)))).BodyAsync();
            var items = page.GetProperty("items").EnumerateArray().Select(x => x.GetProperty("articleId").GetString()!).ToList();
            feedIds.AddRange(items);
            feedCursor = page.GetProperty("nextCursor").GetString()!;
            if (items.Count < 100) break;
        }
        Assert.Contains(fixture.Public.Id, feedIds);
        Assert.DoesNotContain(fixture.Internal.Id, feedIds);

        // Feedback on the internal article is "not found", exactly like a missing article.
        await (await customer.PostAsJsonAsync($"/api/v1/articles/{fixture.Internal.Id}/feedback", new { kind = "helpful" })).AssertProblemAsync(404, ApiProblems.NotFound);
    }

    [Fact]
    public async Task A_customer_key_reaches_no_ticket_link_or_report_even_on_a_customer_article()
    {
        // Tickets and links are every client's data: a customer key (no client yet, issue #18) neither reads nor writes them.
        var customer = fixture.Customer;
        (await fixture.Full.PutAsJsonAsync("/api/v1/tickets/cw/acme/cust-2", new { subject = "Labels", status = "open" })).EnsureSuccessStatusCode();
        var link = await (await fixture.Full.PostAsJsonAsync("/api/v1/ticket-links", new { articleId = fixture.Public.Id, ticket = new { system = "cw", instance = "acme", id = "cust-2" } })).BodyAsync();
        var id = link.GetProperty("id").GetInt64();

        await (await customer.PutAsJsonAsync("/api/v1/tickets/cw/acme/cust-2", new { subject = "Overwritten by a customer", status = "closed" })).AssertProblemAsync(403, ApiProblems.Forbidden);
        await (await customer.PostAsJsonAsync("/api/v1/ticket-links", new { articleId = fixture.Public.Id, ticket = new { system = "cw", instance = "acme", id = "cust-2" } })).AssertProblemAsync(403, ApiProblems.Forbidden);
        await (await customer.GetAsync($"/api/v1/ticket-links?articleId={fixture.Public.Id}")).AssertProblemAsync(403, ApiProblems.Forbidden);
        await (await customer.GetAsync($"/api/v1/ticket-links/{id}")).AssertProblemAsync(403, ApiProblems.Forbidden);
        await (await customer.DeleteAsync($"/api/v1/ticket-links/{id}")).AssertProblemAsync(403, ApiProblems.Forbidden);
        var reports = Api.Client(await Api.KeyAsync(Audience.Customer, ApiScopes.ReportsRead));
        await (await reports.GetAsync("/api/v1/reports/reuse")).AssertProblemAsync(403, ApiProblems.Forbidden);

        // Nothing changed: the ticket keeps its subject and the link stays.
        var ticket = await (await fixture.Full.GetAsync("/api/v1/ticket-links?system=cw&instance=acme&ticketId=cust-2")).BodyAsync();
        Assert.Single(ticket.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task A_customer_key_gets_articles_and_categories_without_their_owners()
    {
        // Owners are accounts: the API names one by its e-mail.
        await using (var scope = Api.Site.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<KnowledgeBase.Web.Identity.UserAdministration>()
                .CreateAsync("test", "owner.kiwi@test.local", "Owner-Kiwi-2026", KcsRole.Contributor);
        var owned = await Api.Articles.CreateAsync(Actor.System, null, new ArticleEdit
        {
            Title = "Zebraprinter driver download — customer guide", Body = "## Issue\nWhere is the driver?\n", State = KcsState.Validated, Audience = Audience.Customer, Owner = "owner.kiwi@test.local",
        });
        var article = await (await fixture.Customer.GetAsync($"/api/v1/articles/{owned.Id}")).BodyAsync();
        Assert.Equal(System.Text.Json.JsonValueKind.Null, article.GetProperty("owner").ValueKind);
        Assert.Equal("owner.kiwi@test.local", (await (await fixture.Full.GetAsync($"/api/v1/articles/{owned.Id}")).BodyAsync()).GetProperty("owner").GetString());
        var listed = await (await fixture.Customer.GetAsync("/api/v1/articles?limit=100&updatedSince=" + Uri.EscapeDataString(owned.UpdatedAt.AddSeconds(-1).ToString("o")))).BodyAsync();
        Assert.All(listed.GetProperty("items").EnumerateArray(), a => Assert.Equal(System.Text.Json.JsonValueKind.Null, a.GetProperty("owner").ValueKind));
        var categories = await (await fixture.Customer.GetAsync("/api/v1/categories")).BodyAsync();
        Assert.All(categories.GetProperty("items").EnumerateArray(), c => Assert.Equal(System.Text.Json.JsonValueKind.Null, c.GetProperty("owner").ValueKind));
        var internalView = await (await fixture.Full.GetAsync("/api/v1/categories")).BodyAsync();
        Assert.Contains(internalView.GetProperty("items").EnumerateArray(), c => c.GetProperty("owner").ValueKind == System.Text.Json.JsonValueKind.String);
    }

    [Fact]
    public async Task Malformed_json_is_a_400_that_names_the_problem()
    {
        var response = await fixture.Full.PostAsync("/api/v1/ticket-links", Json.Raw("{\"articleId\": \"kb-1001\", "));
        await response.AssertProblemAsync(400, ApiProblems.MalformedRequest);
        Assert.Contains("JSON", (await response.BodyAsync()).GetProperty("detail").GetString());
        var wrongType = await fixture.Full.PostAsync("/api/v1/ticket-links", Json.Raw("{\"articleId\": 42}"));
        await wrongType.AssertProblemAsync(400, ApiProblems.MalformedRequest);
        Assert.Contains("articleId", (await wrongType.BodyAsync()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task An_oversized_body_is_a_413_problem()
    {
        var huge = new string('x', 70_000);
        // A client of its own: the server answers 413 without reading the rest of the body and closes the connection,
        // which must not go back to the pool the other tests share (the next POST on it ended "prematurely").
        using var own = fixture.Api.Client(await fixture.Api.KeyAsync());
        var response = await own.PostAsync("/api/v1/articles/suggestions", Json.Raw($"{{\"subject\":\"{huge}\"}}"));
        await response.AssertProblemAsync(413, ApiProblems.PayloadTooLarge);
    }

    [Fact]
    public async Task An_unknown_endpoint_is_a_404_problem()
    {
        await (await fixture.Full.GetAsync("/api/v1/nothing-here")).AssertProblemAsync(404, ApiProblems.NotFound);
    }

    [Fact]
    public async Task An_article_captured_from_a_ticket_is_created_with_a_location_and_a_created_link()
    {
        (await fixture.Full.PutAsJsonAsync("/api/v1/tickets/connectwise/acme/cap-1", new { subject = "Scanner fails with SMTP 535", status = "open" })).EnsureSuccessStatusCode();
        var response = await fixture.Full.PostAsJsonAsync("/api/v1/articles", new
        {
            title = "Scanner to e-mail fails with SMTP 535 — Ricoh", markdown = "## Issue\nSMTP 535 when scanning.\n", state = "wip", tags = new[] { "scanner" },
            sourceTicket = new { system = "connectwise", instance = "acme", id = "cap-1" },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var article = await response.BodyAsync();
        var id = article.GetProperty("id").GetString()!;
        Assert.Equal($"/api/v1/articles/{id}", response.Headers.Location!.OriginalString);
        Assert.Equal("wip", article.GetProperty("state").GetString());
        var links = await (await fixture.Full.GetAsync($"/api/v1/ticket-links?articleId={id}")).BodyAsync();
        var link = Assert.Single(links.GetProperty("items").EnumerateArray());
        Assert.Equal("created", link.GetProperty("type").GetString());
        Assert.Equal("cap-1", link.GetProperty("ticket").GetProperty("id").GetString());

        var unknownTicket = await fixture.Full.PostAsJsonAsync("/api/v1/articles", new { title = "T", markdown = "x", sourceTicket = new { system = "cw", instance = "x", id = "nope" } });
        await unknownTicket.AssertProblemAsync(400, ApiProblems.Validation);
        var invalid = await fixture.Full.PostAsJsonAsync("/api/v1/articles", new { markdown = "x", state = "validated" });
        await invalid.AssertProblemAsync(400, ApiProblems.Validation);
        var errors = (await invalid.BodyAsync()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("title", out _));
        Assert.True(errors.TryGetProperty("state", out _));
    }

    [Fact]
    public async Task An_update_needs_a_current_if_match_and_a_stale_one_is_412()
    {
        var article = await Api.ArticleAsync("Teams meeting audio drops every minute — Windows 11", KcsState.NotValidated);
        var get = await fixture.Full.GetAsync($"/api/v1/articles/{article.Id}");
        var etag = get.Headers.ETag!.Tag;

        await (await fixture.Full.PatchAsJsonAsync($"/api/v1/articles/{article.Id}", new { state = "validated" })).AssertProblemAsync(428, ApiProblems.PreconditionRequired);

        using var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/articles/{article.Id}") { Content = Json.Of(new { state = "validated", changeNote = "confirmed" }) };
        patch.Headers.IfMatch.Add(new(etag));
        var updated = await fixture.Full.SendAsync(patch);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal("validated", (await updated.BodyAsync()).GetProperty("state").GetString());
        Assert.NotEqual(etag, updated.Headers.ETag!.Tag);

        using var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/articles/{article.Id}") { Content = Json.Of(new { title = "Another title", markdown = "x" }) };
        stale.Headers.IfMatch.Add(new(etag));
        await (await fixture.Full.SendAsync(stale)).AssertProblemAsync(412, ApiProblems.PreconditionFailed);

        using var publish = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/articles/{article.Id}") { Content = Json.Of(new { audience = "customer" }) };
        publish.Headers.IfMatch.Add(updated.Headers.ETag!);
        await (await fixture.Full.SendAsync(publish)).AssertProblemAsync(403, ApiProblems.LifecycleForbidden);
    }

    [Fact]
    public async Task If_match_star_applies_each_of_many_concurrent_changes_on_top_of_whichever_version_won()
    {
        var article = await Api.ArticleAsync("Printer queue stalls after the print spooler restarts — Windows Server 2019", KcsState.NotValidated);
        var tags = Enumerable.Range(1, 6).Select(i => $"spooler-{i}").ToList();
        var responses = await Task.WhenAll(tags.Select(async tag =>
        {
            using var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/articles/{article.Id}") { Content = Json.Of(new { tags = new[] { tag }, changeNote = tag }) };
            patch.Headers.IfMatch.Add(System.Net.Http.Headers.EntityTagHeaderValue.Any);
            return await fixture.Full.SendAsync(patch);
        }));

        // RFC 9110: '*' matches any current version, so none of them is a failed precondition.
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var stored = await Api.Articles.FindAsync(article.Id);
        Assert.Equal(article.Version + tags.Count, stored!.Version);
    }

    [Fact]
    public async Task An_owner_is_named_by_email_user_name_or_team_name_and_an_unknown_one_is_a_400_on_the_owner_field()
    {
        var article = await Api.ArticleAsync("Shared mailbox missing in Outlook — Microsoft 365", KcsState.NotValidated);
        await using (var scope = Api.Site.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<KnowledgeBase.Web.Identity.UserAdministration>()
                .CreateAsync("test", "owner.emu@test.local", "Owner-Emu-2026x", KcsRole.Contributor);
        var etag = (await fixture.Full.GetAsync($"/api/v1/articles/{article.Id}")).Headers.ETag!;

        using var unknown = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/articles/{article.Id}") { Content = Json.Of(new { owner = "nobody.here" }) };
        unknown.Headers.IfMatch.Add(etag);
        var refused = await fixture.Full.SendAsync(unknown);
        await refused.AssertProblemAsync(400, ApiProblems.Validation);
        Assert.Equal("No user or team is called 'nobody.here'. Type a user's e-mail or user name, or a team's name (teams are on the Teams page).",
            (await refused.BodyAsync()).GetProperty("errors").GetProperty("owner")[0].GetString());

        using var known = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/articles/{article.Id}") { Content = Json.Of(new { owner = "OWNER.EMU@test.local" }) };
        known.Headers.IfMatch.Add(etag);
        var saved = await fixture.Full.SendAsync(known);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal("owner.emu@test.local", (await saved.BodyAsync()).GetProperty("owner").GetString());
    }

    [Fact]
    public async Task The_change_feed_reports_creation_update_archive_and_delete_in_sequence_order()
    {
        var start = (await (await fixture.Full.GetAsync("/api/v1/changes?limit=1")).BodyAsync()).GetProperty("nextCursor").GetString()!;
        // Drain to the end so the feed below holds only this test's changes (others run in parallel classes, not this one).
        var cursor = start;
        for (var i = 0; i < 100; i++)
        {
            var page = await (await fixture.Full.GetAsync($"/api/v1/changes?limit=100&cursor={Uri.EscapeDataString(cursor)}")).BodyAsync();
            cursor = page.GetProperty("nextCursor").GetString()!;
            if (page.GetProperty("items").GetArrayLength() < 100) break;
        }
        var article = await Api.ArticleAsync("VPN error 809 on hotel Wi-Fi — Windows VPN client");
        var edited = await Api.Articles.UpdateAsync(Actor.System, article.Id, 1, new ArticleEdit { Title = article.Title, Body = article.Body + "\nMore.", State = KcsState.Validated });
        await Api.Articles.UpdateAsync(Actor.System, article.Id, 2, new ArticleEdit { Title = article.Title, Body = edited.Article.Body, State = KcsState.Archived });
        await Api.Articles.DeleteAsync(Actor.System, article.Id, 3);

        var feed = await (await fixture.Full.GetAsync($"/api/v1/changes?cursor={Uri.EscapeDataString(cursor)}")).BodyAsync();
        var mine = feed.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("articleId").GetString() == article.Id).ToList();
        Assert.Equal(["created", "updated", "archived", "deleted"], mine.Select(i => i.GetProperty("type").GetString()));
        Assert.Equal([1, 2, 3, 4], mine.Select(i => i.GetProperty("version").GetInt32()));
        var sequences = mine.Select(i => i.GetProperty("sequence").GetInt64()).ToList();
        Assert.Equal(sequences.Order(), sequences);
        await (await fixture.Full.GetAsync($"/api/v1/articles/{article.Id}")).AssertProblemAsync(404, ApiProblems.NotFound);
    }

    [Fact]
    public async Task Categories_come_as_a_tree_with_owners()
    {
        var body = await (await fixture.ReadOnly.GetAsync("/api/v1/categories")).BodyAsync();
        var roots = body.GetProperty("items").EnumerateArray().ToList();
        Assert.NotEmpty(roots);
        Assert.All(roots, r => Assert.False(string.IsNullOrEmpty(r.GetProperty("owner").GetString())));
        Assert.Contains(roots, r => r.GetProperty("children").GetArrayLength() > 0);
    }

    [Fact]
    public async Task Ticket_upsert_links_feedback_and_the_reuse_report_follow_a_ticket_from_open_to_closed()
    {
        var ticket = "flow-" + Guid.NewGuid().ToString("N")[..8];
        var opened = await fixture.Full.PutAsJsonAsync($"/api/v1/tickets/halo/msp1/{ticket}", new { subject = "Outlook asks for the password again", category = "email-outlook", client = "Contoso", technician = "ana", status = "open" });
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        var suggestions = await (await fixture.Full.PostAsJsonAsync("/api/v1/articles/suggestions", new { subject = "Outlook asks for the password again", description = "MFA was enabled" })).BodyAsync();
        var best = suggestions.Ids("articles").First();

        var link = await fixture.Full.PostAsJsonAsync("/api/v1/ticket-links", new { articleId = best, ticket = new { system = "halo", instance = "msp1", id = ticket }, type = "reference", linkedBy = "ana" });
        Assert.Equal(HttpStatusCode.Created, link.StatusCode);
        var again = await fixture.Full.PostAsJsonAsync("/api/v1/ticket-links", new { articleId = best, ticket = new { system = "halo", instance = "msp1", id = ticket }, type = "resolved", linkedBy = "ana" });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("resolved", (await again.BodyAsync()).GetProperty("type").GetString());
        Assert.Equal(link.Headers.Location, again.Headers.Location ?? link.Headers.Location);

        var closed = await fixture.Full.PutAsJsonAsync($"/api/v1/tickets/halo/msp1/{ticket}", new { subject = "Outlook asks for the password again", category = "email-outlook", client = "Contoso", technician = "ana", status = "closed" });
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        Assert.NotNull((await closed.BodyAsync()).GetProperty("closedAt").GetString());

        var report = await (await fixture.Full.GetAsync("/api/v1/reports/reuse?groupBy=client")).BodyAsync();
        var row = report.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("key").GetString() == "Contoso");
        Assert.True(row.GetProperty("closedTickets").GetInt64() >= 1);
        Assert.True(row.GetProperty("linkRate").GetDouble() is > 0 and <= 1);
        foreach (var name in new[] { "linkedTickets", "reuseRate", "createRate" }) Assert.True(row.TryGetProperty(name, out _), name);
        await (await fixture.Full.GetAsync("/api/v1/reports/reuse?groupBy=planet")).AssertProblemAsync(400, ApiProblems.Validation);

        var helpful = await fixture.Full.PostAsJsonAsync($"/api/v1/articles/{best}/feedback", new { kind = "helpful", by = "ana" });
        Assert.Equal(HttpStatusCode.Created, helpful.StatusCode);
        var flag = await fixture.Full.PostAsJsonAsync($"/api/v1/articles/{best}/feedback", new { kind = "flag", reason = "outdated", comment = "The portal moved", by = "ana" });
        Assert.Equal("flag", (await flag.BodyAsync()).GetProperty("kind").GetString());
        await (await fixture.Full.PostAsJsonAsync($"/api/v1/articles/{best}/feedback", new { kind = "love" })).AssertProblemAsync(400, ApiProblems.Validation);
        await (await fixture.Full.PostAsJsonAsync($"/api/v1/articles/{best}/feedback", new { kind = "flag", reason = "other" })).AssertProblemAsync(400, ApiProblems.Validation);

        var linkId = (await link.BodyAsync()).GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.NoContent, (await fixture.Full.DeleteAsync($"/api/v1/ticket-links/{linkId}")).StatusCode);
        var live = await (await fixture.Full.GetAsync($"/api/v1/ticket-links?system=halo&instance=msp1&ticketId={ticket}")).BodyAsync();
        Assert.Empty(live.GetProperty("items").EnumerateArray());
        var all = await (await fixture.Full.GetAsync($"/api/v1/ticket-links?system=halo&instance=msp1&ticketId={ticket}&includeRemoved=true")).BodyAsync();
        Assert.NotNull(Assert.Single(all.GetProperty("items").EnumerateArray()).GetProperty("removedAt").GetString());
        await (await fixture.Full.PostAsJsonAsync("/api/v1/ticket-links", new { articleId = best, ticket = new { system = "halo", instance = "msp1", id = "unknown" } })).AssertProblemAsync(404, ApiProblems.NotFound);
        await (await fixture.Full.GetAsync("/api/v1/ticket-links")).AssertProblemAsync(400, ApiProblems.Validation);
        await (await fixture.Full.PutAsJsonAsync("/api/v1/tickets/halo/msp1/x", new { subject = "", status = "pending" })).AssertProblemAsync(400, ApiProblems.Validation);
    }

    [Fact]
    public async Task Concurrent_upserts_of_one_new_ticket_and_links_of_one_pair_create_exactly_one_each_and_never_fail()
    {
        var ticket = "race-" + Guid.NewGuid().ToString("N")[..8];
        var upserts = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            fixture.Full.PutAsJsonAsync($"/api/v1/tickets/cw/race/{ticket}", new { subject = "Printer offline in the warehouse", status = "open" })));
        Assert.All(upserts, r => Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"ticket upsert answered {(int)r.StatusCode}"));
        Assert.Single(upserts, r => r.StatusCode == HttpStatusCode.Created);

        var links = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            fixture.Full.PostAsJsonAsync("/api/v1/ticket-links", new { articleId = "kb-1001", ticket = new { system = "cw", instance = "race", id = ticket }, type = "resolved" })));
        Assert.All(links, r => Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"link answered {(int)r.StatusCode}"));
        Assert.Single(links, r => r.StatusCode == HttpStatusCode.Created);
        var ids = new HashSet<long>();
        foreach (var link in links) ids.Add((await link.BodyAsync()).GetProperty("id").GetInt64());
        Assert.Single(ids);
    }

    [Fact]
    public async Task The_same_idempotency_key_and_body_replays_the_first_response()
    {
        (await fixture.Full.PutAsJsonAsync("/api/v1/tickets/cw/idem/1", new { subject = "Printer offline", status = "open" })).EnsureSuccessStatusCode();
        var key = Guid.NewGuid().ToString();
        async Task<HttpResponseMessage> PostAsync(object body)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/ticket-links") { Content = Json.Of(body) };
            request.Headers.Add("Idempotency-Key", key);
            return await fixture.Full.SendAsync(request);
        }
        var body = new { articleId = "kb-1001", ticket = new { system = "cw", instance = "idem", id = "1" }, type = "reference" };
        var first = await PostAsync(body);
        var replay = await PostAsync(body);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
        Assert.Equal(first.Headers.Location, replay.Headers.Location);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await replay.Content.ReadAsStringAsync());
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());

        var different = await PostAsync(new { articleId = "kb-1002", ticket = new { system = "cw", instance = "idem", id = "1" } });
        await different.AssertProblemAsync(422, ApiProblems.IdempotencyMismatch);
    }

    [Fact]
    public async Task A_concurrent_duplicate_with_the_same_idempotency_key_is_a_409()
    {
        var secret = await Api.KeyAsync();
        var client = Api.Client(secret);
        // A true race: two identical requests at once; one runs, the other gets 409 or (if the first finished) the replay.
        var raceKey = Guid.NewGuid().ToString();
        var tasks = Enumerable.Range(0, 6).Select(async _ =>
        {
            using var r = new HttpRequestMessage(HttpMethod.Post, "/api/v1/articles/suggestions") { Content = Json.Of(new { subject = "outlook password prompt" }) };
            r.Headers.Add("Idempotency-Key", raceKey);
            var resp = await client.SendAsync(r);
            return (resp.StatusCode, Replayed: resp.Headers.Contains("Idempotent-Replayed"));
        }).ToList();
        var results = await Task.WhenAll(tasks);
        Assert.Single(results, r => r.StatusCode == HttpStatusCode.OK && !r.Replayed);
        Assert.All(results, r => Assert.True(r.StatusCode == HttpStatusCode.Conflict || r.StatusCode == HttpStatusCode.OK));
    }

    [Fact]
    public async Task An_in_flight_idempotency_record_with_the_same_request_answers_409()
    {
        var secret = await Api.KeyAsync();
        var client = Api.Client(secret);
        var keyId = (await Api.Service<ApiKeyStore>().ListAsync()).Single(k => k.KeyId == secret.Split('_')[2]).Id;
        var body = "{\"subject\":\"printer\"}";
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("POST /api/v1/articles/suggestions\n" + body)));
        var idempotencyKey = Guid.NewGuid().ToString();
        await Api.Service<IdempotencyStore>().BeginAsync(keyId, idempotencyKey, hash);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/articles/suggestions") { Content = Json.Raw(body) };
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        await (await client.SendAsync(request)).AssertProblemAsync(409, ApiProblems.IdempotencyInFlight);
    }

    [Fact]
    public async Task The_openapi_document_gives_every_operation_a_summary_and_examples()
    {
        var response = await Api.Client().GetAsync("/openapi/v1.json");
        response.EnsureSuccessStatusCode();
        var document = await response.BodyAsync();
        Assert.StartsWith("3.1", document.GetProperty("openapi").GetString());
        var operations = 0;
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            Assert.StartsWith("/api/v1/", path.Name);
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Name is "get" or "post" or "put" or "patch" or "delete"))
            {
                operations++;
                var where = $"{operation.Name.ToUpperInvariant()} {path.Name}";
                Assert.True(operation.Value.TryGetProperty("summary", out var summary) && summary.GetString()!.Length > 5, $"{where} has no summary");
                if (operation.Value.TryGetProperty("requestBody", out var requestBody))
                    Assert.True(requestBody.GetProperty("content").EnumerateObject().All(c => c.Value.TryGetProperty("example", out _)), $"{where} has no request example");
                foreach (var status in operation.Value.GetProperty("responses").EnumerateObject().Where(r => r.Name.StartsWith('2')))
                {
                    if (!status.Value.TryGetProperty("content", out var content)) continue;
                    Assert.True(content.EnumerateObject().All(c => c.Value.TryGetProperty("example", out _)), $"{where} {status.Name} has no response example");
                }
            }
        }
        Assert.Equal(ApiOperations.All.Count, operations);
        var reference = await Api.Client().GetAsync("/api-reference/index.html");
        Assert.Equal(HttpStatusCode.OK, reference.StatusCode);
    }
}

public sealed class SqliteApiContractTests(ApiContractTests.Fixture fixture) : ApiContractTests(fixture), IClassFixture<ApiContractTests.Fixture>
{
    protected override Task<Dictionary<string, string?>> ProviderSettingsAsync() => Task.FromResult(new Dictionary<string, string?>());
}

[Collection(KnowledgeBase.Testing.PostgresCollection.Name)]
public sealed class PostgresApiContractTests(PostgresServerFixture postgres, ApiContractTests.Fixture fixture) : ApiContractTests(fixture), IClassFixture<ApiContractTests.Fixture>
{
    protected override Task<Dictionary<string, string?>> ProviderSettingsAsync() => Providers.PostgresAsync(postgres.Server);
}

/// <summary>The per-key rate limit, on a site configured with a low one.</summary>
public sealed class RateLimitTests
{
    [Fact]
    public async Task A_key_over_its_limit_gets_429_with_retry_after_and_other_keys_are_unaffected()
    {
        await using var api = new ApiSite(new Dictionary<string, string?> { ["Api:RateLimit:PermitsPerMinute"] = "3" });
        var busy = api.Client(await api.KeyAsync());
        var quiet = api.Client(await api.KeyAsync());
        for (var i = 0; i < 3; i++) (await busy.GetAsync("/api/v1/categories")).EnsureSuccessStatusCode();
        var limited = await busy.GetAsync("/api/v1/categories");
        await limited.AssertProblemAsync(429, ApiProblems.RateLimited);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        (await quiet.GetAsync("/api/v1/categories")).EnsureSuccessStatusCode();
    }
}
