using System.Net;
using System.Net.Http.Json;
using KnowledgeBase.Core.Api;
using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Reports;
using KnowledgeBase.Core.Tickets;
using KnowledgeBase.Data;
using KnowledgeBase.Data.Reports;
using KnowledgeBase.Data.Tickets;
using KnowledgeBase.Testing;
using KnowledgeBase.Web.Api;
using Microsoft.EntityFrameworkCore;

namespace KnowledgeBase.Api.Tests;

/// <summary>
/// Issue #18.4 over the API: searches and suggestions are logged with their source, ticket and what they showed; a
/// prefetch is not demand until a link or a read of a shown article; both parameters are in the OpenAPI document.
/// On SQLite and PostgreSQL.
/// </summary>
public abstract class SearchLoggingApiTests(SearchLoggingApiTests.Fixture fixture) : IAsyncLifetime
{
    public sealed class Fixture : SharedApiSite
    {
        public HttpClient Key { get; private set; } = null!;
        public Article Spooler { get; private set; } = null!;
        public Article Labels { get; private set; } = null!;

        protected override async Task SeedAsync()
        {
            Key = Api.Client(await Api.KeyAsync());
            Spooler = await Api.ArticleAsync("Quokkaprinter spooler hangs after the update");
            Labels = await Api.ArticleAsync("Quokkaprinter labels print blank");
            for (var i = 0; i < 100; i++)
            {
                var response = await Key.GetAsync("/api/v1/articles/search?q=quokkaprinter&limit=1");
                if (response.IsSuccessStatusCode && (await response.BodyAsync()).GetProperty("total").GetInt32() >= 2) break;
                await Task.Delay(200);
            }
        }
    }

    protected abstract Task<Dictionary<string, string?>> ProviderSettingsAsync();

    public Task InitializeAsync() => fixture.StartAsync(ProviderSettingsAsync);

    public Task DisposeAsync() => Task.CompletedTask;

    private ApiSite Api => fixture.Api;

    private static ReportPeriod Today => new(DateTime.UtcNow.Date.AddDays(-1), DateTime.UtcNow.Date.AddDays(2));

    /// <summary>The logged searches of one query (each test searches words of its own).</summary>
    private async Task<List<SearchLogEntry>> LoggedAsync(string query)
    {
        var normalized = SearchQueries.Normalize(query);
        await using var db = await Api.Service<IDbContextFactory<KnowledgeBaseDbContext>>().CreateDbContextAsync();
        return await db.SearchLog.AsNoTracking().Where(s => s.NormalizedQuery == normalized).OrderBy(s => s.Id).ToListAsync();
    }

    private Task<Page<SearchSummary>> CountedAsync(string query, SearchSource? source = null) =>
        Api.Service<ReuseReports>().SearchesAsync(Today, SearchMeasure.All, ReportFilter.WithSource(null, source), SearchQueries.Normalize(query));

    private static string Unique(string words) => $"{words} {Guid.NewGuid().ToString("N")[..6]}";

    [Fact]
    public async Task An_api_search_is_logged_once_with_source_api_its_ticket_and_the_articles_it_showed()
    {
        var q = "quokkaprinter";
        var ticketId = Guid.NewGuid().ToString("N")[..8];
        var response = await fixture.Key.GetAsync($"/api/v1/articles/search?q={Uri.EscapeDataString(q)}&limit=1&ticketSystem=halo&ticketInstance=acme.halopsa.com&ticketId={ticketId}");
        var body = await response.BodyAsync();
        var shown = body.GetProperty("items")[0].GetProperty("id").GetString()!;
        // The next page of the same search is not another search.
        await fixture.Key.GetAsync($"/api/v1/articles/search?q={Uri.EscapeDataString(q)}&limit=1&cursor={Uri.EscapeDataString(body.GetProperty("nextCursor").GetString()!)}");

        var logged = (await LoggedAsync(q)).Where(s => s.TicketId == ticketId).ToList();
        var entry = Assert.Single(logged);
        Assert.Equal((SearchSource.Api, new TicketKey("halo", "acme.halopsa.com", ticketId), shown, false), (entry.Source, entry.Ticket, entry.ShownArticleIds, entry.Prefetch));
        Assert.StartsWith("key:", entry.UserName);
        Assert.Equal(body.GetProperty("total").GetInt32(), entry.ResultCount);
    }

    [Fact]
    public async Task Suggestions_prefetched_for_a_ticket_are_not_demand_until_an_article_is_linked_to_that_ticket()
    {
        var subject = Unique("Quokkaprinter labels print blank");
        var ticket = new { system = "autotask", instance = "ww5.autotask.net", id = Guid.NewGuid().ToString("N")[..8] };
        await fixture.Key.PutAsJsonAsync($"/api/v1/tickets/{ticket.system}/{ticket.instance}/{ticket.id}", new { subject, status = "open" });
        var response = await fixture.Key.PostAsJsonAsync("/api/v1/articles/suggestions", new { subject, ticket, intent = "prefetch" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var suggested = (await response.BodyAsync()).GetProperty("articles").EnumerateArray().Select(a => a.GetProperty("id").GetString()!).ToList();
        Assert.Contains(fixture.Labels.Id, suggested);

        var entry = Assert.Single(await LoggedAsync(subject));
        Assert.Equal((SearchSource.Suggestions, true, string.Join(' ', suggested)), (entry.Source, entry.Prefetch, entry.ShownArticleIds));
        Assert.Equal(0, (await CountedAsync(subject)).Total);

        var link = await fixture.Key.PostAsJsonAsync("/api/v1/ticket-links", new { articleId = fixture.Labels.Id, ticket, type = "resolved", linkedBy = "jdoe" });
        Assert.Equal(HttpStatusCode.Created, link.StatusCode);

        var promoted = Assert.Single(await LoggedAsync(subject));
        Assert.Equal((false, fixture.Labels.Id), (promoted.Prefetch, promoted.LinkedArticleId));
        Assert.Equal(1, (await CountedAsync(subject, SearchSource.Suggestions)).Total);
        Assert.Equal(0, (await CountedAsync(subject, SearchSource.Api)).Total);
    }

    [Fact]
    public async Task Reading_an_article_the_key_was_shown_marks_the_search_successful_and_promotes_a_prefetch()
    {
        var q = "quokkaprinter spooler hangs";
        var key = Api.Client(await Api.KeyAsync());
        var search = await key.GetAsync($"/api/v1/articles/search?q={Uri.EscapeDataString(q)}&intent=prefetch");
        Assert.Equal(HttpStatusCode.OK, search.StatusCode);
        Assert.Equal(0, (await CountedAsync(q)).Total);

        // An article the search did not show answers nothing; one it showed is an open.
        var other = await Api.ArticleAsync("Wombat scanner " + Guid.NewGuid().ToString("N")[..6]);
        await key.GetAsync($"/api/v1/articles/{other.Id}");
        Assert.Null(Assert.Single(await LoggedAsync(q)).OpenedArticleId);
        await key.GetAsync($"/api/v1/articles/{fixture.Spooler.Id}");

        var entry = Assert.Single(await LoggedAsync(q));
        Assert.Equal((fixture.Spooler.Id, false), (entry.OpenedArticleId, entry.Prefetch));
        var counted = Assert.Single((await CountedAsync(q, SearchSource.Api)).Items);
        Assert.Equal(fixture.Spooler.Id, counted.OpenedArticleId);
    }

    [Fact]
    public async Task A_wrong_intent_or_half_a_ticket_is_refused_with_the_field_named_and_both_are_in_the_openapi_document()
    {
        var badIntent = await fixture.Key.GetAsync("/api/v1/articles/search?q=quokkaprinter&intent=maybe");
        await badIntent.AssertProblemAsync(400, ApiProblems.Validation);
        Assert.Contains("intent", (await badIntent.BodyAsync()).GetProperty("errors").EnumerateObject().Select(p => p.Name));
        var halfTicket = await fixture.Key.GetAsync("/api/v1/articles/search?q=quokkaprinter&ticketSystem=halo");
        Assert.Equal(["ticketId", "ticketInstance", "ticketSystem"], (await halfTicket.BodyAsync()).GetProperty("errors").EnumerateObject().Select(p => p.Name).Order());
        var badSuggestion = await fixture.Key.PostAsJsonAsync("/api/v1/articles/suggestions", new { subject = "x", ticket = new { system = "halo" }, intent = "later" });
        Assert.Equal(["intent", "ticket.id", "ticket.instance", "ticket.system"], (await badSuggestion.BodyAsync()).GetProperty("errors").EnumerateObject().Select(p => p.Name).Order());

        var document = await (await Api.Client().GetAsync("/openapi/v1.json")).Content.ReadAsStringAsync();
        // Query parameters are named as the handler's record names them (the query string is read case-insensitively).
        Assert.Matches("(?is)\"name\": \"ticketSystem\".{0,200}a later link of an article to that ticket", document);
        Assert.Matches("(?is)\"name\": \"intent\".{0,200}prefetch: the integration loads it before anyone looks", document);
        Assert.Matches("(?s)\"SuggestionRequest\".{0,2000}\"intent\".{0,300}prefetch: the integration loads it before anyone looks", document);
    }
}

public sealed class SqliteSearchLoggingApiTests(SearchLoggingApiTests.Fixture fixture) : SearchLoggingApiTests(fixture), IClassFixture<SearchLoggingApiTests.Fixture>
{
    protected override Task<Dictionary<string, string?>> ProviderSettingsAsync() => Task.FromResult(new Dictionary<string, string?>());
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresSearchLoggingApiTests(PostgresServerFixture postgres, SearchLoggingApiTests.Fixture fixture) : SearchLoggingApiTests(fixture), IClassFixture<SearchLoggingApiTests.Fixture>
{
    protected override Task<Dictionary<string, string?>> ProviderSettingsAsync() => Providers.PostgresAsync(postgres.Server);
}
