using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using KnowledgeBase.Core.Api;
using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Lifecycle;
using KnowledgeBase.Testing;
using KnowledgeBase.Web.Api;

namespace KnowledgeBase.Api.Tests;

/// <summary>
/// /api/v1/proposals over the real Kestrel host, on SQLite and on a real PostgreSQL: list and page, get with a diff and
/// an ETag, accept with If-Match (merging or replacing), reject with a reason, decided once, idempotent retries,
/// webhooks and the change feed.
/// </summary>
public abstract class ProposalsApiTests(ProposalsApiTests.Fixture fixture) : IAsyncLifetime
{
    public sealed class Fixture : SharedApiSite
    {
        /// <summary>kb.read + kb.write: a Contributor.</summary>
        public HttpClient Writer { get; private set; } = null!;
        public string WriterName { get; private set; } = "";
        public HttpClient Reader { get; private set; } = null!;

        protected override async Task SeedAsync()
        {
            var secret = await Api.KeyAsync(Audience.Internal, ApiScopes.Read, ApiScopes.Write, ApiScopes.WebhooksManage);
            Writer = Api.Client(secret);
            WriterName = "key:" + (await Api.Service<KnowledgeBase.Data.Api.ApiKeyStore>().ListAsync()).Single(k => k.KeyId == secret.Split('_')[2]).Name;
            Reader = Api.Client(await Api.KeyAsync(Audience.Internal, ApiScopes.Read));
        }
    }

    protected abstract Task<Dictionary<string, string?>> ProviderSettingsAsync();

    public Task InitializeAsync() => fixture.StartAsync(ProviderSettingsAsync);

    public Task DisposeAsync() => Task.CompletedTask;

    private ApiSite Api => fixture.Api;

    private static readonly Actor Candidate = new("cleo@msp.example", KcsRole.Candidate);
    private const string Body = "## Issue\nThe scanner cannot send e-mail: SMTP 535.\n\n## Resolution\n1. Create an app password.\n2. Enter it on the scanner.\n";

    private async Task<Article> ArticleAsync(Audience audience = Audience.Internal) =>
        await Api.Articles.CreateAsync(Actor.System, null, new ArticleEdit
        {
            Title = $"Scanner SMTP 535 {Guid.NewGuid():N}"[..30] + " — Ricoh", Body = Body, State = KcsState.Validated, Audience = audience,
        });

    private async Task<long> ProposeAsync(Article article, string body, string note = "")
    {
        var outcome = await Api.Articles.UpdateAsync(Candidate, article.Id, article.Version, new ArticleEdit
        {
            Title = article.Title, Body = body, State = article.State, Audience = article.Audience, ChangeNote = note,
        });
        return outcome.Proposal!.Id;
    }

    private static HttpRequestMessage Post(string path, object? body, string? ifMatch = null, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = body is null ? null : Json.Of(body) };
        if (ifMatch is not null) request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(ifMatch));
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return request;
    }

    private async Task<(JsonElement Body, string ETag)> GetAsync(long id)
    {
        var response = await fixture.Reader.GetAsync($"/api/v1/proposals/{id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.BodyAsync(), response.Headers.ETag!.Tag);
    }

    [Fact]
    public async Task An_edit_a_key_may_not_apply_answers_202_pointing_at_the_proposal_which_shows_the_diff()
    {
        var article = await ArticleAsync(Audience.Customer);
        using var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/articles/{article.Id}") { Content = Json.Of(new { markdown = Body + "3. Restart the scanner.\n", changeNote = "restart" }) };
        patch.Headers.IfMatch.Add(new EntityTagHeaderValue(ArticlesApi.ETagOf(article.Id, 1)));

        var response = await fixture.Writer.SendAsync(patch);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await response.BodyAsync();
        var url = accepted.GetProperty("url").GetString()!;
        Assert.Equal(url, response.Headers.Location!.OriginalString);
        var (proposal, etag) = await GetAsync(accepted.GetProperty("proposalId").GetInt64());
        Assert.Equal($"/api/v1/proposals/{accepted.GetProperty("proposalId").GetInt64()}", url);
        Assert.Equal(("open", fixture.WriterName, "restart", 1), (proposal.GetProperty("status").GetString(), proposal.GetProperty("author").GetString(),
            proposal.GetProperty("changeNote").GetString(), proposal.GetProperty("diffFromVersion").GetInt32()));
        Assert.Contains("\n+3. Restart the scanner.\n", proposal.GetProperty("diff").GetString());
        Assert.EndsWith($"/articles/{article.Id}?proposal={proposal.GetProperty("id").GetInt64()}#proposal-{proposal.GetProperty("id").GetInt64()}", proposal.GetProperty("reviewUrl").GetString());
        Assert.StartsWith($"\"{article.Id}.v1.", etag);
        using var conditional = new HttpRequestMessage(HttpMethod.Get, url);
        conditional.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(etag));
        Assert.Equal(HttpStatusCode.NotModified, (await fixture.Reader.SendAsync(conditional)).StatusCode);

        // A kb.write key is a Contributor: it may not decide on a customer-facing article.
        var refused = await fixture.Writer.SendAsync(Post(url + "/accept", null, etag));
        await refused.AssertProblemAsync(403, ApiProblems.LifecycleForbidden);
    }

    [Fact]
    public async Task Accepting_needs_the_current_etag_applies_the_next_version_and_the_change_feed_and_webhooks_report_it()
    {
        await using var receiver = new WebhookReceiver();
        await receiver.StartAsync();
        var subscribed = await fixture.Writer.PostAsJsonAsync("/api/v1/webhooks", new { url = receiver.Url, events = new[] { WebhookEvents.ArticleUpdated } });
        receiver.Secret = (await subscribed.BodyAsync()).GetProperty("secret").GetString()!;
        var article = await ArticleAsync();
        var id = await ProposeAsync(article, Body + "3. Restart the scanner.\n", "restart");
        var (_, etag) = await GetAsync(id);

        await (await fixture.Writer.SendAsync(Post($"/api/v1/proposals/{id}/accept", null))).AssertProblemAsync(428, ApiProblems.PreconditionRequired);
        await (await fixture.Writer.SendAsync(Post($"/api/v1/proposals/{id}/accept", null, ArticlesApi.ETagOf(article.Id, 7)))).AssertProblemAsync(412, ApiProblems.PreconditionFailed);
        await (await fixture.Writer.SendAsync(Post($"/api/v1/proposals/{id}/accept", new { mode = "sideways" }, etag))).AssertProblemAsync(400, ApiProblems.Validation);
        await (await fixture.Reader.SendAsync(Post($"/api/v1/proposals/{id}/accept", null, etag))).AssertProblemAsync(403, ApiProblems.Forbidden);

        var response = await fixture.Writer.SendAsync(Post($"/api/v1/proposals/{id}/accept", new { note = "Confirmed on ticket 48213" }, etag));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ArticlesApi.ETagOf(article.Id, 2), response.Headers.ETag!.Tag);
        var decided = await response.BodyAsync();
        Assert.Equal(("accepted", fixture.WriterName, "Confirmed on ticket 48213", 2), (decided.GetProperty("status").GetString(), decided.GetProperty("decidedBy").GetString(),
            decided.GetProperty("decisionNote").GetString(), decided.GetProperty("appliedVersion").GetInt32()));
        var stored = await (await fixture.Reader.GetAsync($"/api/v1/articles/{article.Id}")).BodyAsync();
        Assert.Equal(2, stored.GetProperty("version").GetInt32());
        Assert.Contains("3. Restart the scanner.", stored.GetProperty("markdown").GetString());
        var revision = (await Api.Articles.RevisionsAsync(article.Id))[^1];
        Assert.Equal((fixture.WriterName, Candidate.Name), (revision.Author, revision.ProposedBy));

        var changes = await (await fixture.Reader.GetAsync("/api/v1/changes?limit=100")).BodyAsync();
        Assert.Contains(changes.GetProperty("items").EnumerateArray(), c => c.GetProperty("articleId").GetString() == article.Id
            && c.GetProperty("type").GetString() == "updated" && c.GetProperty("version").GetInt32() == 2);
        var hook = await receiver.WaitForAsync(e => e.GetProperty("data").GetProperty("articleId").GetString() == article.Id, "article.updated of the accepted proposal");
        Assert.Equal(("article.updated", 2), (hook.GetProperty("type").GetString(), hook.GetProperty("data").GetProperty("version").GetInt32()));

        var again = await fixture.Writer.SendAsync(Post($"/api/v1/proposals/{id}/accept", null, ArticlesApi.ETagOf(article.Id, 2)));
        await again.AssertProblemAsync(409, ApiProblems.ProposalDecided);
        Assert.Contains($"already accepted by {fixture.WriterName}", (await again.BodyAsync()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Rejecting_needs_a_reason_and_leaves_the_article_alone()
    {
        var article = await ArticleAsync();
        var id = await ProposeAsync(article, Body.Replace("1. Create an app password.", "1. Turn off MFA.", StringComparison.Ordinal));

        var missing = await fixture.Writer.SendAsync(Post($"/api/v1/proposals/{id}/reject", new { reason = " " }));
        await missing.AssertProblemAsync(400, ApiProblems.Validation);
        Assert.True((await missing.BodyAsync()).GetProperty("errors").TryGetProperty("reason", out _));

        var response = await fixture.Writer.SendAsync(Post($"/api/v1/proposals/{id}/reject", new { reason = "Turning off MFA is not an option." }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var rejected = await response.BodyAsync();
        Assert.Equal(("rejected", "Turning off MFA is not an option."), (rejected.GetProperty("status").GetString(), rejected.GetProperty("decisionNote").GetString()));
        Assert.Contains("\n+1. Turn off MFA.\n", rejected.GetProperty("diff").GetString());
        Assert.Equal(1, (await Api.Articles.FindAsync(article.Id))!.Version);
        await (await fixture.Writer.SendAsync(Post($"/api/v1/proposals/{id}/reject", new { reason = "again" }))).AssertProblemAsync(409, ApiProblems.ProposalDecided);
        await (await fixture.Writer.SendAsync(Post("/api/v1/proposals/987654321/reject", new { reason = "x" }))).AssertProblemAsync(404, ApiProblems.NotFound);
    }

    [Fact]
    public async Task Only_its_author_withdraws_a_waiting_proposal_and_then_it_is_listed_as_withdrawn()
    {
        var article = await ArticleAsync(Audience.Customer);
        using var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/articles/{article.Id}") { Content = Json.Of(new { markdown = Body + "3. Restart the scanner.\n" }) };
        patch.Headers.IfMatch.Add(new EntityTagHeaderValue(ArticlesApi.ETagOf(article.Id, 1)));
        var mine = (await (await fixture.Writer.SendAsync(patch)).BodyAsync()).GetProperty("proposalId").GetInt64();
        var someoneElses = await ProposeAsync(article, Body + "4. Call the vendor.\n");

        await (await fixture.Writer.SendAsync(Post($"/api/v1/proposals/{someoneElses}/withdraw", null))).AssertProblemAsync(403, ApiProblems.LifecycleForbidden);
        var response = await fixture.Writer.SendAsync(Post($"/api/v1/proposals/{mine}/withdraw", null));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("withdrawn", (await response.BodyAsync()).GetProperty("status").GetString());
        await (await fixture.Writer.SendAsync(Post($"/api/v1/proposals/{mine}/withdraw", null))).AssertProblemAsync(409, ApiProblems.ProposalDecided);
        var listed = await (await fixture.Reader.GetAsync($"/api/v1/proposals?status=withdrawn&articleId={article.Id}")).BodyAsync();
        Assert.Equal(mine, Assert.Single(listed.GetProperty("items").EnumerateArray()).GetProperty("id").GetInt64());
        Assert.Equal(1, (await Api.Articles.FindAsync(article.Id))!.Version);
        Assert.Equal("open", (await GetAsync(someoneElses)).Body.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_proposal_overlapping_a_newer_version_is_refused_as_a_conflict_until_it_is_replaced_explicitly()
    {
        var article = await ArticleAsync();
        var id = await ProposeAsync(article, Body.Replace("2. Enter it on the scanner.", "2. Enter it in the scanner's SMTP settings.", StringComparison.Ordinal));
        await Api.Articles.UpdateAsync(Actor.System, article.Id, 1, new ArticleEdit
        {
            Title = article.Title, Body = Body.Replace("2. Enter it on the scanner.", "2. Enter it on the scanner's web page.", StringComparison.Ordinal), State = KcsState.Validated,
        });
        var (proposal, etag) = await GetAsync(id);
        Assert.True(proposal.GetProperty("outdated").GetBoolean());
        Assert.Equal((false, 1), (proposal.GetProperty("merge").GetProperty("clean").GetBoolean(), proposal.GetProperty("merge").GetProperty("conflicts").GetInt32()));

        var merge = await fixture.Writer.SendAsync(Post($"/api/v1/proposals/{id}/accept", null, etag));
        await merge.AssertProblemAsync(409, ApiProblems.ProposalConflict);
        Assert.Contains("\"mode\":\"replace\"", (await merge.BodyAsync()).GetProperty("detail").GetString());
        Assert.Equal(2, (await Api.Articles.FindAsync(article.Id))!.Version);

        var replaced = await fixture.Writer.SendAsync(Post($"/api/v1/proposals/{id}/accept", new { mode = "replace" }, etag));
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        Assert.Contains("scanner's SMTP settings", (await Api.Articles.FindAsync(article.Id))!.Body);
    }

    [Fact]
    public async Task The_same_idempotency_key_replays_an_acceptance_instead_of_deciding_twice()
    {
        var article = await ArticleAsync();
        var id = await ProposeAsync(article, Body + "3. Test.\n");
        var (_, etag) = await GetAsync(id);
        var key = Guid.NewGuid().ToString();

        var first = await fixture.Writer.SendAsync(Post($"/api/v1/proposals/{id}/accept", new { note = "ok" }, etag, key));
        var retry = await fixture.Writer.SendAsync(Post($"/api/v1/proposals/{id}/accept", new { note = "ok" }, etag, key));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, retry.StatusCode));
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
        Assert.Equal(2, (await Api.Articles.FindAsync(article.Id))!.Version);
    }

    [Fact]
    public async Task Two_keys_deciding_at_once_get_exactly_one_decision_and_the_other_a_409()
    {
        var article = await ArticleAsync();
        var id = await ProposeAsync(article, Body + "3. Test.\n");
        var (_, etag) = await GetAsync(id);
        var other = Api.Client(await Api.KeyAsync(Audience.Internal, ApiScopes.Read, ApiScopes.Write));

        var responses = await Task.WhenAll(
            fixture.Writer.SendAsync(Post($"/api/v1/proposals/{id}/accept", null, etag)),
            other.SendAsync(Post($"/api/v1/proposals/{id}/reject", new { reason = "Not needed." })),
            other.SendAsync(Post($"/api/v1/proposals/{id}/accept", null, etag)));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        foreach (var lost in responses.Where(r => r.StatusCode != HttpStatusCode.OK))
            await lost.AssertProblemAsync(409, ApiProblems.ProposalDecided);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_optional_accept_body_and_the_required_reject_body()
    {
        var document = await (await Api.Client().GetAsync("/openapi/v1.json")).BodyAsync();
        var paths = document.GetProperty("paths");
        var accept = paths.GetProperty("/api/v1/proposals/{id}/accept").GetProperty("post");
        Assert.False(accept.GetProperty("requestBody").TryGetProperty("required", out var required) && required.GetBoolean());
        Assert.Equal("merge", accept.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("example").GetProperty("mode").GetString());
        Assert.Contains("If-Match", accept.GetProperty("description").GetString());
        var reject = paths.GetProperty("/api/v1/proposals/{id}/reject").GetProperty("post");
        Assert.True(reject.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("example").TryGetProperty("reason", out _));
        Assert.Contains("internal-audience key", paths.GetProperty("/api/v1/proposals").GetProperty("get").GetProperty("description").GetString());
    }

    [Fact]
    public async Task Lists_filter_by_status_article_and_author_and_page_with_a_cursor()
    {
        var article = await ArticleAsync();
        var ids = new List<long>();
        for (var i = 0; i < 3; i++) ids.Add(await ProposeAsync(article, Body + $"Line {i}.\n"));
        await Api.Articles.RejectProposalAsync(Actor.System, ids[0], "dup");

        var first = await fixture.Reader.GetAsync($"/api/v1/articles/{article.Id}/proposals?status=open&limit=1");
        var firstBody = await first.BodyAsync();
        Assert.Equal([ids[1]], firstBody.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()));
        Assert.Contains("rel=\"next\"", first.Headers.GetValues("Link").Single());
        var second = await (await fixture.Reader.GetAsync($"/api/v1/articles/{article.Id}/proposals?status=open&limit=1&cursor={firstBody.GetProperty("nextCursor").GetString()}")).BodyAsync();
        Assert.Equal([ids[2]], second.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()));

        var rejected = await (await fixture.Reader.GetAsync($"/api/v1/proposals?status=rejected&articleId={article.Id}&author={Uri.EscapeDataString(Candidate.Name)}")).BodyAsync();
        var item = Assert.Single(rejected.GetProperty("items").EnumerateArray());
        Assert.Equal((ids[0], "dup", "system"), (item.GetProperty("id").GetInt64(), item.GetProperty("decisionNote").GetString(), item.GetProperty("decidedBy").GetString()));
        Assert.False(item.TryGetProperty("markdown", out _));

        await (await fixture.Reader.GetAsync("/api/v1/proposals?status=pending")).AssertProblemAsync(400, ApiProblems.Validation);
        await (await fixture.Reader.GetAsync("/api/v1/proposals?cursor=nope")).AssertProblemAsync(400, ApiProblems.Validation);
        await (await fixture.Reader.GetAsync("/api/v1/articles/no-such-article/proposals")).AssertProblemAsync(404, ApiProblems.NotFound);
        await (await fixture.Reader.GetAsync("/api/v1/proposals/987654321")).AssertProblemAsync(404, ApiProblems.NotFound);
    }
}

public sealed class SqliteProposalsApiTests(ProposalsApiTests.Fixture fixture) : ProposalsApiTests(fixture), IClassFixture<ProposalsApiTests.Fixture>
{
    protected override Task<Dictionary<string, string?>> ProviderSettingsAsync() => Task.FromResult(new Dictionary<string, string?>());
}

[Collection(KnowledgeBase.Testing.PostgresCollection.Name)]
public sealed class PostgresProposalsApiTests(PostgresServerFixture postgres, ProposalsApiTests.Fixture fixture) : ProposalsApiTests(fixture), IClassFixture<ProposalsApiTests.Fixture>
{
    protected override Task<Dictionary<string, string?>> ProviderSettingsAsync() => Providers.PostgresAsync(postgres.Server);
}
