using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using KnowledgeBase.Core.Api;
using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Lifecycle;
using KnowledgeBase.Core.Tickets;
using KnowledgeBase.Data.Api;
using KnowledgeBase.Data.Tickets;
using KnowledgeBase.Web.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Api.Tests;

/// <summary>
/// The authorization matrix of the API, generated from the tables: every endpoint × every combination of scopes × both
/// key audiences, expected from the scope table (<see cref="ApiOperations"/>); and every article action × every KCS role
/// a key can hold, expected from the permission table through <see cref="ArticleLifecycle"/> with the role
/// <see cref="ApiScopes.RoleFor"/> derives from <see cref="KcsPermissions"/>. All over the real Kestrel host, on SQLite
/// and on PostgreSQL. The site's routes × site accounts are <c>KnowledgeBase.Web.Tests.Security.AuthorizationMatrixTests</c>.
/// </summary>
public abstract class ApiAuthorizationMatrixTests(ApiAuthorizationMatrixTests.Fixture fixture) : IAsyncLifetime
{
    private const string Ticket = "matrix";
    private const long MissingWebhook = 987_654_321;

    /// <summary>
    /// How each operation is called, and what it answers once authorization let it through (its own behaviour, not an
    /// authorization result). <c>InternalArticle</c>: the call is about an internal article, so a customer key must get
    /// 404 exactly like a missing article. A new endpoint without a probe here fails the first test.
    /// </summary>
    private sealed record Probe(string Method, string Path, string? Body, HttpStatusCode[] Authorized, bool InternalArticle = false);

    private static Dictionary<string, Probe> Probes(Fixture f) => new()
    {
        [ApiOperations.SearchArticles.Name] = new("GET", "/api/v1/articles/search?q=printer", null, [HttpStatusCode.OK]),
        [ApiOperations.SuggestArticles.Name] = new("POST", "/api/v1/articles/suggestions", """{"subject":"printer offline"}""", [HttpStatusCode.OK]),
        [ApiOperations.GetArticle.Name] = new("GET", $"/api/v1/articles/{f.Internal.Id}", null, [HttpStatusCode.OK], InternalArticle: true),
        [ApiOperations.ListArticles.Name] = new("GET", "/api/v1/articles?limit=1", null, [HttpStatusCode.OK]),
        // Writes stop at validation or the missing If-Match: authorization is what is under test, not the write.
        [ApiOperations.CreateArticle.Name] = new("POST", "/api/v1/articles", "{}", [HttpStatusCode.BadRequest]),
        [ApiOperations.ReplaceArticle.Name] = new("PUT", $"/api/v1/articles/{f.Internal.Id}", """{"title":"t","markdown":"m"}""", [HttpStatusCode.PreconditionRequired], InternalArticle: true),
        [ApiOperations.PatchArticle.Name] = new("PATCH", $"/api/v1/articles/{f.Internal.Id}", "{}", [HttpStatusCode.PreconditionRequired], InternalArticle: true),
        [ApiOperations.DeleteArticle.Name] = new("DELETE", $"/api/v1/articles/{f.Internal.Id}", null, [HttpStatusCode.PreconditionRequired], InternalArticle: true),
        [ApiOperations.GiveFeedback.Name] = new("POST", $"/api/v1/articles/{f.Internal.Id}/feedback", """{"kind":"helpful"}""", [HttpStatusCode.Created], InternalArticle: true),
        [ApiOperations.GetChanges.Name] = new("GET", "/api/v1/changes?limit=1", null, [HttpStatusCode.OK]),
        [ApiOperations.GetCategories.Name] = new("GET", "/api/v1/categories", null, [HttpStatusCode.OK]),
        [ApiOperations.UpsertTicket.Name] = new("PUT", $"/api/v1/tickets/cw/{Ticket}/upsert", """{"subject":"Printer offline","status":"open"}""", [HttpStatusCode.OK, HttpStatusCode.Created]),
        [ApiOperations.CreateTicketLink.Name] = new("POST", "/api/v1/ticket-links",
            $$$"""{"articleId":"{{{f.Internal.Id}}}","ticket":{"system":"cw","instance":"{{{Ticket}}}","id":"create"}}""", [HttpStatusCode.OK, HttpStatusCode.Created], InternalArticle: true),
        [ApiOperations.ListTicketLinks.Name] = new("GET", $"/api/v1/ticket-links?articleId={f.Internal.Id}", null, [HttpStatusCode.OK]),
        [ApiOperations.GetTicketLink.Name] = new("GET", $"/api/v1/ticket-links/{f.KeptLink}", null, [HttpStatusCode.OK], InternalArticle: true),
        [ApiOperations.DeleteTicketLink.Name] = new("DELETE", $"/api/v1/ticket-links/{f.RemovedLink}", null, [HttpStatusCode.NoContent], InternalArticle: true),
        [ApiOperations.GetReuseReport.Name] = new("GET", "/api/v1/reports/reuse", null, [HttpStatusCode.OK]),
        [ApiOperations.CreateWebhook.Name] = new("POST", "/api/v1/webhooks", "{}", [HttpStatusCode.BadRequest]),
        [ApiOperations.ListWebhooks.Name] = new("GET", "/api/v1/webhooks", null, [HttpStatusCode.OK]),
        // Another key's or a missing subscription: 404 from the handler, after authorization let the key in.
        [ApiOperations.GetWebhook.Name] = new("GET", $"/api/v1/webhooks/{MissingWebhook}", null, [HttpStatusCode.NotFound]),
        [ApiOperations.DeleteWebhook.Name] = new("DELETE", $"/api/v1/webhooks/{MissingWebhook}", null, [HttpStatusCode.NotFound]),
        [ApiOperations.TestWebhook.Name] = new("POST", $"/api/v1/webhooks/{MissingWebhook}/test", null, [HttpStatusCode.NotFound]),
        [ApiOperations.ListWebhookDeliveries.Name] = new("GET", $"/api/v1/webhooks/{MissingWebhook}/deliveries", null, [HttpStatusCode.NotFound]),
        // Proposals are internal-only: a customer key is refused whatever the article. The decisions stop at the missing
        // If-Match and the missing reason, so the probe proposal stays open for every key.
        [ApiOperations.ListProposals.Name] = new("GET", "/api/v1/proposals?limit=1", null, [HttpStatusCode.OK]),
        [ApiOperations.ListArticleProposals.Name] = new("GET", $"/api/v1/articles/{f.Internal.Id}/proposals", null, [HttpStatusCode.OK], InternalArticle: true),
        [ApiOperations.GetProposal.Name] = new("GET", $"/api/v1/proposals/{f.Proposal}", null, [HttpStatusCode.OK], InternalArticle: true),
        [ApiOperations.AcceptProposal.Name] = new("POST", $"/api/v1/proposals/{f.Proposal}/accept", "{}", [HttpStatusCode.PreconditionRequired], InternalArticle: true),
        [ApiOperations.RejectProposal.Name] = new("POST", $"/api/v1/proposals/{f.Proposal}/reject", "{}", [HttpStatusCode.BadRequest], InternalArticle: true),
        // No key is the proposal's author: one that passes the scope and audience checks reaches the lifecycle's refusal.
        [ApiOperations.WithdrawProposal.Name] = new("POST", $"/api/v1/proposals/{f.Proposal}/withdraw", null, [HttpStatusCode.Forbidden], InternalArticle: true),
        // The probe's JSON body is stored as a small text file (never linked, so the cleanup takes it).
        [ApiOperations.UploadAttachment.Name] = new("POST", "/api/v1/attachments?fileName=probe.txt", "{}", [HttpStatusCode.Created]),
        [ApiOperations.GetAttachment.Name] = new("GET", $"/api/v1/attachments/{f.InternalFile}", null, [HttpStatusCode.OK], InternalArticle: true),
        [ApiOperations.ListArticleAttachments.Name] = new("GET", $"/api/v1/articles/{f.Internal.Id}/attachments", null, [HttpStatusCode.OK], InternalArticle: true),
    };

    /// <summary>A key of every non-empty combination of scopes, for each audience (63 × 2).</summary>
    public sealed record MatrixKey(IReadOnlyList<string> Scopes, Audience Audience, HttpClient Client)
    {
        public override string ToString() => $"{Audience.ToWire()} key with [{string.Join(", ", Scopes)}]";
    }

    /// <summary>The class's site, started by the first test with its provider's settings (a class fixture cannot see the PostgreSQL collection fixture).</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        private readonly SemaphoreSlim _gate = new(1, 1);
        public ApiSite Api { get; private set; } = null!;
        public List<MatrixKey> Keys { get; } = [];
        public Article Internal { get; private set; } = null!;
        public long KeptLink { get; private set; }
        public long RemovedLink { get; private set; }
        public long Proposal { get; private set; }
        /// <summary>A file only the internal article links to.</summary>
        public string InternalFile { get; private set; } = "";

        public static IEnumerable<IReadOnlyList<string>> ScopeCombinations() =>
            Enumerable.Range(1, (1 << ApiScopes.All.Count) - 1)
                .Select(mask => (IReadOnlyList<string>)ApiScopes.All.Where((_, i) => (mask & (1 << i)) != 0).ToList());

        public Task InitializeAsync() => Task.CompletedTask;

        public async Task StartAsync(Func<Task<Dictionary<string, string?>>> providerSettings)
        {
            await _gate.WaitAsync();
            try
            {
                if (Api is null) await SeedAsync(await providerSettings());
            }
            finally
            {
                _gate.Release();
            }
        }

        private async Task SeedAsync(Dictionary<string, string?> settings)
        {
            Api = new ApiSite(settings);
            var file = await Api.Service<KnowledgeBase.Data.Attachments.AttachmentStore>().StoreAsync(new MemoryStream("printer settings export\n"u8.ToArray()), "settings.txt", "probe");
            InternalFile = file.Sha256;
            Internal = await Api.ArticleAsync("Matrix probe: label printer offline after driver update", KcsState.Validated,
                body: $"## Issue\nThe label printer is offline.\n\n## Resolution\nReinstall the driver.\n\n{file.Markdown}\n");
            var ledger = Api.Service<ReuseLedger>();
            var links = new List<long>();
            foreach (var id in new[] { "kept", "removed" })
            {
                var key = new TicketKey("cw", Ticket, id);
                await ledger.UpsertTicketAsync(new TicketUpsert { Key = key, Subject = "Printer offline" });
                links.Add((await ledger.LinkAsync(Actor.System, new LinkRequest(key, Internal.Id, LinkType.Reference))).Link.Id);
            }
            await ledger.UpsertTicketAsync(new TicketUpsert { Key = new("cw", Ticket, "create"), Subject = "Printer offline" });
            (KeptLink, RemovedLink) = (links[0], links[1]);
            Proposal = (await Api.Articles.UpdateAsync(new Actor("cand.probe", KcsRole.Candidate), Internal.Id, Internal.Version, new ArticleEdit
            {
                Title = Internal.Title, Body = Internal.Body + "\nA candidate's extra step.", State = Internal.State,
            })).Proposal!.Id;
            foreach (var audience in new[] { Audience.Internal, Audience.Customer })
            {
                foreach (var scopes in ScopeCombinations())
                    Keys.Add(new MatrixKey(scopes, audience, Api.Client(await Api.KeyAsync(audience, [.. scopes]))));
            }
        }

        public async Task DisposeAsync()
        {
            if (Api is not null) await Api.DisposeAsync();
        }
    }

    /// <summary>The settings that choose the database.</summary>
    protected abstract Task<Dictionary<string, string?>> ProviderSettingsAsync();

    public Task InitializeAsync() => fixture.StartAsync(ProviderSettingsAsync);

    public Task DisposeAsync() => Task.CompletedTask;

    private ApiSite Api => fixture.Api;

    public static TheoryData<string> Operations() => [.. ApiOperations.All.Select(o => o.Name)];

    private static HttpRequestMessage Request(Probe probe)
    {
        var request = new HttpRequestMessage(new HttpMethod(probe.Method), probe.Path);
        if (probe.Body is not null) request.Content = new StringContent(probe.Body, Encoding.UTF8, "application/json");
        return request;
    }

    [Fact]
    public void Every_api_endpoint_is_a_row_of_the_scope_table_and_has_a_probe()
    {
        var endpoints = Api.Site.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1/", StringComparison.Ordinal) == true && !e.RoutePattern.RawText.Contains("{**", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(endpoints);
        var unlisted = endpoints.Where(e => e.Metadata.GetMetadata<ApiOperation>() is null).Select(e => e.RoutePattern.RawText).ToList();
        Assert.True(unlisted.Count == 0, "endpoints outside the scope table: " + string.Join(", ", unlisted));
        var mapped = endpoints.Select(e => e.Metadata.GetMetadata<ApiOperation>()!.Name).ToList();
        Assert.Equal(mapped.Count, mapped.Distinct().Count());
        Assert.Equal(ApiOperations.All.Select(o => o.Name).Order(), mapped.Order());
        Assert.Equal(ApiOperations.All.Select(o => o.Name).Order(), Probes(fixture).Keys.Order());
    }

    [Theory]
    [MemberData(nameof(Operations), MemberType = typeof(ApiAuthorizationMatrixTests))]
    public async Task Every_scope_combination_and_audience_gets_exactly_what_the_scope_table_allows(string name)
    {
        var operation = ApiOperations.All.Single(o => o.Name == name);
        var probe = Probes(fixture)[name];
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Parallel.ForEachAsync(fixture.Keys, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (key, ct) =>
        {
            using var request = Request(probe);
            using var response = await key.Client.SendAsync(request, ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            var status = response.StatusCode;
            string? problem = null;
            if (response.Content.Headers.ContentType?.MediaType == "application/problem+json")
                problem = JsonDocument.Parse(text).RootElement.GetProperty("type").GetString();

            string? wrong = null;
            if (!key.Scopes.Contains(operation.Scope))
            {
                if (status != HttpStatusCode.Forbidden || problem != ApiProblems.Forbidden || !text.Contains(operation.Scope, StringComparison.Ordinal))
                    wrong = $"expected 403 forbidden naming {operation.Scope}";
            }
            else if (operation.InternalOnly && key.Audience == Audience.Customer)
            {
                if (status != HttpStatusCode.Forbidden || problem != ApiProblems.Forbidden || !text.Contains("customer", StringComparison.OrdinalIgnoreCase))
                    wrong = "expected 403 forbidden: a customer key does not write articles";
            }
            else if (probe.InternalArticle && key.Audience == Audience.Customer)
            {
                if (status != HttpStatusCode.NotFound || problem != ApiProblems.NotFound)
                    wrong = "expected 404 not-found: a customer key never learns of an internal article";
            }
            else if (!probe.Authorized.Contains(status))
            {
                wrong = $"expected {string.Join(" or ", probe.Authorized.Select(s => (int)s))}";
            }
            if (wrong is not null) failures.Add($"{probe.Method} {probe.Path} by {key}: {wrong}, got {(int)status} {text[..Math.Min(200, text.Length)]}");
        });
        Assert.True(failures.IsEmpty, string.Join("\n", failures.Order()));
    }

    [Theory]
    [MemberData(nameof(Operations), MemberType = typeof(ApiAuthorizationMatrixTests))]
    public async Task Every_endpoint_answers_401_problem_json_without_a_key_or_with_a_bad_one(string name)
    {
        var probe = Probes(fixture)[name];
        using var anonymous = Request(probe);
        await (await Api.Client().SendAsync(anonymous)).AssertProblemAsync(401, ApiProblems.Unauthorized);
        using var bad = Request(probe);
        bad.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "kb_live_aaaaaaaaaaaa_" + new string('x', 43));
        await (await Api.Client().SendAsync(bad)).AssertProblemAsync(401, ApiProblems.Unauthorized);
    }

    [Fact]
    public void A_keys_role_is_the_least_privileged_role_whose_permissions_cover_its_scopes()
    {
        foreach (var scopes in Fixture.ScopeCombinations())
        {
            var role = ApiScopes.RoleFor(scopes);
            var needed = scopes.SelectMany(s => ApiScopes.Permissions[s]).ToHashSet();
            Assert.True(needed.IsSubsetOf(KcsPermissions.Of(role)), $"{role} lacks a permission of [{string.Join(", ", scopes)}]");
            // No role with fewer permissions would do.
            Assert.DoesNotContain(Enum.GetValues<KcsRole>(), r => needed.IsSubsetOf(KcsPermissions.Of(r)) && KcsPermissions.Of(r).Count < KcsPermissions.Of(role).Count);
        }
        // What that means today (docs/api.md, "Role of a key"): kb.write makes a Contributor; no key publishes, reviews or administers.
        Assert.Equal(KcsRole.Contributor, ApiScopes.RoleFor([ApiScopes.Read, ApiScopes.Write]));
        Assert.Equal(KcsRole.Candidate, ApiScopes.RoleFor(ApiScopes.All.Where(s => s != ApiScopes.Write)));
    }

    // ---- KCS lifecycle through the API: every article action × every role a key can hold ----

    /// <summary>An article action: the article it starts from (creator and state), the request, and the rule that decides it.</summary>
    private sealed record LifecycleAction(string Name, Actor? Creator, KcsState State, Audience Audience, string Method, string? Body,
        Func<Actor, ArticleFacts?, LifecycleDecision> Decide, HttpStatusCode Applied);

    private static readonly Actor Expert = new("kde.lee", KcsRole.KnowledgeDomainExpert);
    private static readonly Actor Candidate = new("cand.ana", KcsRole.Candidate);
    private const string Changed = """{"title":"Label printer offline after the driver update — fixed","markdown":"## Issue\nOffline.\n\n## Resolution\nReinstall the driver.\n"}""";

    /// <summary>A <c>null</c> creator means the calling key itself.</summary>
    private static readonly LifecycleAction[] Actions =
    [
        new("create a WIP article", null, KcsState.Wip, Audience.Internal, "POST", """{"title":"t","markdown":"m","state":"wip"}""",
            (a, _) => ArticleLifecycle.DecideCreate(a, KcsState.Wip, Audience.Internal), HttpStatusCode.Created),
        new("create a Not Validated article", null, KcsState.NotValidated, Audience.Internal, "POST", """{"title":"t","markdown":"m","state":"not-validated"}""",
            (a, _) => ArticleLifecycle.DecideCreate(a, KcsState.NotValidated, Audience.Internal), HttpStatusCode.Created),
        new("validate someone else's Not Validated article", Expert, KcsState.NotValidated, Audience.Internal, "PATCH", """{"state":"validated"}""",
            (a, f) => ArticleLifecycle.DecideChange(a, f!, KcsState.Validated, Audience.Internal, contentChanged: false), HttpStatusCode.OK),
        new("validate a Candidate's Not Validated article", Candidate, KcsState.NotValidated, Audience.Internal, "PATCH", """{"state":"validated"}""",
            (a, f) => ArticleLifecycle.DecideChange(a, f!, KcsState.Validated, Audience.Internal, contentChanged: false), HttpStatusCode.OK),
        new("edit someone else's WIP article", Expert, KcsState.Wip, Audience.Internal, "PUT", Changed,
            (a, f) => ArticleLifecycle.DecideChange(a, f!, KcsState.Wip, Audience.Internal, contentChanged: true), HttpStatusCode.OK),
        new("edit a Validated internal article", Expert, KcsState.Validated, Audience.Internal, "PUT", Changed,
            (a, f) => ArticleLifecycle.DecideChange(a, f!, KcsState.Validated, Audience.Internal, contentChanged: true), HttpStatusCode.OK),
        new("edit a customer-facing article", Expert, KcsState.Validated, Audience.Customer, "PUT", Changed,
            (a, f) => ArticleLifecycle.DecideChange(a, f!, KcsState.Validated, Audience.Customer, contentChanged: true), HttpStatusCode.OK),
        new("publish a Validated article to customers", Expert, KcsState.Validated, Audience.Internal, "PATCH", """{"audience":"customer"}""",
            (a, f) => ArticleLifecycle.DecideChange(a, f!, KcsState.Validated, Audience.Customer, contentChanged: false), HttpStatusCode.OK),
        new("archive a Validated article", Expert, KcsState.Validated, Audience.Internal, "PATCH", """{"state":"archived"}""",
            (a, f) => ArticleLifecycle.DecideChange(a, f!, KcsState.Archived, Audience.Internal, contentChanged: false), HttpStatusCode.OK),
        new("restore an archived article", Expert, KcsState.Archived, Audience.Internal, "PATCH", """{"state":"validated"}""",
            (a, f) => ArticleLifecycle.DecideChange(a, f!, KcsState.Validated, Audience.Internal, contentChanged: false), HttpStatusCode.OK),
        new("delete someone else's Not Validated article", Expert, KcsState.NotValidated, Audience.Internal, "DELETE", null,
            (a, f) => ArticleLifecycle.DecideDelete(a, f!), HttpStatusCode.NoContent),
        new("delete its own WIP article", null, KcsState.Wip, Audience.Internal, "DELETE", null,
            (a, f) => ArticleLifecycle.DecideDelete(a, f!), HttpStatusCode.NoContent),
    ];

    /// <summary>The roles keys can hold with a scope: <see cref="ApiScopes.RoleFor"/> over every combination that includes it.</summary>
    private static IEnumerable<(KcsRole Role, IReadOnlyList<string> Scopes)> RolesWith(string scope) =>
        Fixture.ScopeCombinations().Where(s => s.Contains(scope)).GroupBy(ApiScopes.RoleFor).Select(g => (g.Key, g.OrderBy(s => s.Count).First()));

    public static TheoryData<KcsRole, string> LifecycleCases()
    {
        var data = new TheoryData<KcsRole, string>();
        foreach (var (role, _) in RolesWith(ApiScopes.Write))
            foreach (var action in Actions) data.Add(role, action.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(LifecycleCases), MemberType = typeof(ApiAuthorizationMatrixTests))]
    public async Task Each_article_action_of_a_key_is_decided_by_the_lifecycle_rules_for_the_role_its_scopes_map_to(KcsRole role, string name)
    {
        var action = Actions.Single(a => a.Name == name);
        var scopes = RolesWith(ApiScopes.Write).Single(r => r.Role == role).Scopes;
        var (client, keyActor) = await KeyAsync(scopes);
        Assert.Equal(role, keyActor.Role);

        Article? article = null;
        if (action.Method != "POST")
        {
            var creator = action.Creator ?? keyActor;
            article = await Api.Articles.CreateAsync(creator, null, new ArticleEdit
            {
                Title = $"Lifecycle probe ({name}): scanner offline", Body = "## Issue\nScanner offline.\n\n## Resolution\nRestart it.\n",
                State = action.State == KcsState.Archived ? KcsState.Validated : action.State, Audience = action.Audience,
            });
            if (action.State == KcsState.Archived)
                article = (await Api.Articles.UpdateAsync(Expert, article.Id, article.Version, new ArticleEdit { Title = article.Title, Body = article.Body, State = KcsState.Archived })).Article;
        }
        var expected = action.Decide(keyActor, article is null ? null : ArticleFacts.Of(article));

        using var request = new HttpRequestMessage(new HttpMethod(action.Method), article is null ? "/api/v1/articles" : $"/api/v1/articles/{article.Id}");
        if (action.Body is not null) request.Content = new StringContent(action.Body, Encoding.UTF8, "application/json");
        if (article is not null) request.Headers.IfMatch.Add(new EntityTagHeaderValue(ArticlesApi.ETagOf(article.Id, article.Version)));
        var response = await client.SendAsync(request);

        switch (expected.Outcome)
        {
            case LifecycleOutcome.Apply:
                Assert.True(action.Applied == response.StatusCode, $"{role} may {name}: expected {(int)action.Applied}, got {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                break;
            case LifecycleOutcome.Propose:
                Assert.True(HttpStatusCode.Accepted == response.StatusCode, $"{role}'s edit ({name}) is a proposal: expected 202, got {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                Assert.Equal(article!.Version, (await Api.Articles.FindAsync(article.Id))!.Version);
                break;
            default:
                await response.AssertProblemAsync(403, ApiProblems.LifecycleForbidden);
                Assert.Equal(expected.Reason, (await response.BodyAsync()).GetProperty("detail").GetString());
                if (article is not null) Assert.Equal(article.Version, (await Api.Articles.FindAsync(article.Id))!.Version);
                break;
        }
    }

    /// <summary>A decision on a proposal: the article it is on (state, audience) and accept or reject.</summary>
    public static TheoryData<KcsRole, KcsState, Audience, bool> ProposalCases()
    {
        var data = new TheoryData<KcsRole, KcsState, Audience, bool>();
        foreach (var (role, _) in RolesWith(ApiScopes.Write))
            foreach (var (state, audience) in new[] { (KcsState.Validated, Audience.Internal), (KcsState.Validated, Audience.Customer), (KcsState.Archived, Audience.Internal) })
                foreach (var accept in new[] { true, false })
                    data.Add(role, state, audience, accept);
        return data;
    }

    [Theory]
    [MemberData(nameof(ProposalCases))]
    public async Task Each_decision_on_a_proposal_is_allowed_exactly_when_the_lifecycle_lets_the_keys_role_decide(KcsRole role, KcsState state, Audience audience, bool accept)
    {
        var (client, keyActor) = await KeyAsync(RolesWith(ApiScopes.Write).Single(r => r.Role == role).Scopes);
        var article = await Api.Articles.CreateAsync(Expert, null, new ArticleEdit
        {
            Title = $"Proposal probe ({role}, {state}, {audience}): scanner offline", Body = "## Issue\nScanner offline.\n\n## Resolution\nRestart it.\n",
            State = KcsState.Validated, Audience = audience,
        });
        var proposal = (await Api.Articles.UpdateAsync(Candidate, article.Id, 1, new ArticleEdit
        {
            Title = article.Title, Body = article.Body + "Then print a test page.\n", State = KcsState.Validated, Audience = audience,
        })).Proposal!;
        if (state == KcsState.Archived)
            article = (await Api.Articles.UpdateAsync(Expert, article.Id, 1, new ArticleEdit { Title = article.Title, Body = article.Body, State = KcsState.Archived })).Article;
        var expected = ProposalAccess.Decide(keyActor, KnowledgeBase.Core.Access.Viewer.Internal(keyActor.Role), ArticleFacts.Of(article));

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/proposals/{proposal.Id}/{(accept ? "accept" : "reject")}")
        {
            Content = new StringContent(accept ? "{}" : """{"reason":"Not for this article."}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue(ArticlesApi.ETagOf(article.Id, article.Version)));
        var response = await client.SendAsync(request);

        if (expected.IsAllowed)
        {
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{role} may decide on a proposal of a {state} {audience} article: got {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            Assert.Equal(accept ? article.Version + 1 : article.Version, (await Api.Articles.FindAsync(article.Id))!.Version);
        }
        else
        {
            await response.AssertProblemAsync(403, ApiProblems.LifecycleForbidden);
            Assert.Equal(expected.Reason, (await response.BodyAsync()).GetProperty("detail").GetString());
            Assert.Equal(article.Version, (await Api.Articles.FindAsync(article.Id))!.Version);
        }
    }

    public static TheoryData<KcsRole> LinkingRoles() => [.. RolesWith(ApiScopes.LinksWrite).Select(r => r.Role)];

    [Theory]
    [MemberData(nameof(LinkingRoles), MemberType = typeof(ApiAuthorizationMatrixTests))]
    public async Task A_resolved_still_accurate_link_records_a_review_exactly_when_the_keys_role_may_review(KcsRole role)
    {
        var scopes = RolesWith(ApiScopes.LinksWrite).Single(r => r.Role == role).Scopes;
        var (client, keyActor) = await KeyAsync(scopes);
        var article = await Api.ArticleAsync($"Review probe ({role}): mapped drive disconnects");
        var ticket = "review-" + role;
        (await client.PutAsync($"/api/v1/tickets/cw/{Ticket}/{ticket}", Json.Raw("""{"subject":"Mapped drive","status":"open"}"""))).EnsureSuccessStatusCode();
        var expected = ArticleLifecycle.DecideReview(keyActor, ArticleFacts.Of(article));

        var link = await client.PostAsync("/api/v1/ticket-links",
            Json.Raw($$"""{"articleId":"{{article.Id}}","ticket":{"system":"cw","instance":"{{Ticket}}","id":"{{ticket}}"},"type":"resolved","stillAccurate":true}"""));
        Assert.Equal(HttpStatusCode.Created, link.StatusCode);
        var reviewed = (await Api.Articles.FindAsync(article.Id))!.LastReviewedAt;
        Assert.Equal(expected.IsAllowed, reviewed is not null);
    }

    private async Task<(HttpClient Client, Actor Actor)> KeyAsync(IReadOnlyList<string> scopes)
    {
        var secret = await Api.KeyAsync(Audience.Internal, [.. scopes]);
        var key = (await Api.Service<ApiKeyStore>().ListAsync()).Single(k => k.KeyId == secret.Split('_')[2]);
        return (Api.Client(secret), key.Actor);
    }
}

public sealed class SqliteApiAuthorizationMatrixTests(ApiAuthorizationMatrixTests.Fixture fixture) : ApiAuthorizationMatrixTests(fixture), IClassFixture<ApiAuthorizationMatrixTests.Fixture>
{
    protected override Task<Dictionary<string, string?>> ProviderSettingsAsync() => Task.FromResult(new Dictionary<string, string?>());
}

[Collection(KnowledgeBase.Testing.PostgresCollection.Name)]
public sealed class PostgresApiAuthorizationMatrixTests(KnowledgeBase.Testing.PostgresServerFixture postgres, ApiAuthorizationMatrixTests.Fixture fixture)
    : ApiAuthorizationMatrixTests(fixture), IClassFixture<ApiAuthorizationMatrixTests.Fixture>
{
    protected override Task<Dictionary<string, string?>> ProviderSettingsAsync() => Providers.PostgresAsync(postgres.Server);
}
