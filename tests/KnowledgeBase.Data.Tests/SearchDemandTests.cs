using KnowledgeBase.Core.Lifecycle;
using KnowledgeBase.Core.Reports;
using KnowledgeBase.Core.Tickets;
using KnowledgeBase.Data.Reports;
using KnowledgeBase.Data.Tickets;
using KnowledgeBase.Testing;
using Microsoft.EntityFrameworkCore;

namespace KnowledgeBase.Data.Tests;

/// <summary>
/// Issue #18.4, every search counted: each source is logged with its source and ticket, one rule (SearchSuccess)
/// decides which search a later open or link answers, a prefetch is not demand until someone acts, and the search
/// reports filter by source.
/// </summary>
public abstract class SearchDemandTests : LedgerTestBase
{
    private static readonly ReportPeriod March = new(At(2026, 3, 1, 0), At(2026, 4, 1, 0));
    private static readonly Actor Bridge = new("key:psa-bridge", KcsRole.Contributor);

    private ReuseReports Reports => new(Database.Factory);

    protected override async Task SeedAsync()
    {
        await ArticleAsync("kb-a", At(2026, 1, 1));
        await ArticleAsync("kb-b", At(2026, 1, 2));
        await ArticleAsync("kb-c", At(2026, 1, 3));
        await TicketAsync("T1", At(2026, 3, 2), null);
        await TicketAsync("T2", At(2026, 3, 2), null);
        SetNow(At(2026, 3, 3));
    }

    private Task<SearchLogEntry> LogAsync(SearchSource source, string session, string query, string? ticket, string[]? shown, SearchIntent intent = SearchIntent.Demand) =>
        Ledger.LogSearchAsync(new SearchLogRequest(session, session, query, shown?.Length ?? 3)
        {
            Source = source, Ticket = ticket is null ? null : Key(ticket), Shown = shown, Intent = intent,
        });

    private async Task<SearchLogEntry> ReadAsync(long id)
    {
        await using var db = await Database.Factory.CreateDbContextAsync();
        return await db.SearchLog.AsNoTracking().SingleAsync(s => s.Id == id);
    }

    [Fact]
    public async Task Each_source_is_logged_with_its_source_its_ticket_and_what_it_showed_under_one_spelling()
    {
        var site = await Ledger.LogSearchAsync("alex", "alex", "printer offline", 4);
        var api = await LogAsync(SearchSource.Api, "key:psa-bridge", "vpn drops", "T1", ["kb-a", "kb-b"]);
        var suggestions = await LogAsync(SearchSource.Suggestions, "key:psa-bridge", "Outlook prompts", "T2", ["kb-c"]);
        var intake = await LogAsync(SearchSource.Intake, "dana", "New laptop", "T1", []);
        var panel = await LogAsync(SearchSource.Panel, "casey", "Outlook prompts", "T2", ["kb-b", "kb-a"], SearchIntent.Prefetch);

        Assert.Equal(SearchSource.Site, (await ReadAsync(site.Id)).Source);
        Assert.Null((await ReadAsync(site.Id)).Ticket);
        Assert.Null((await ReadAsync(site.Id)).ShownArticleIds);
        var storedApi = await ReadAsync(api.Id);
        Assert.Equal((SearchSource.Api, Key("T1"), "kb-a kb-b", false), (storedApi.Source, storedApi.Ticket, storedApi.ShownArticleIds, storedApi.Prefetch));
        Assert.Equal((SearchSource.Suggestions, Key("T2")), ((await ReadAsync(suggestions.Id)).Source, (await ReadAsync(suggestions.Id)).Ticket));
        Assert.Equal((SearchSource.Intake, Key("T1"), ""), ((await ReadAsync(intake.Id)).Source, (await ReadAsync(intake.Id)).Ticket, (await ReadAsync(intake.Id)).ShownArticleIds));
        var storedPanel = await ReadAsync(panel.Id);
        Assert.Equal((SearchSource.Panel, Key("T2"), "kb-b kb-a", true), (storedPanel.Source, storedPanel.Ticket, storedPanel.ShownArticleIds, storedPanel.Prefetch));

        // The database holds the same lower-case names the report addresses, the CSV files and the API use.
        await using var db = await Database.Factory.CreateDbContextAsync();
        var stored = await db.Database.SqlQueryRaw<string>("SELECT \"Source\" AS \"Value\" FROM \"SearchLog\"").ToListAsync();
        Assert.Equal(["api", "intake", "panel", "site", "suggestions"], stored.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_prefetch_is_not_demand_until_a_link_to_its_ticket_promotes_it()
    {
        var prefetch = await LogAsync(SearchSource.Panel, "casey", "Outlook prompts", "T1", ["kb-a", "kb-b"], SearchIntent.Prefetch);

        Assert.Equal(SearchStats.Empty, await Reports.SearchStatsAsync(March));
        Assert.Equal(0, (await Reports.SearchesAsync(March, SearchMeasure.All)).Total);

        SetNow(At(2026, 3, 3, 10));
        await Ledger.LinkAsync(Candidate, new LinkRequest(Key("T1"), "kb-b", LinkType.Resolved));

        var promoted = await ReadAsync(prefetch.Id);
        Assert.False(promoted.Prefetch);
        Assert.Equal("kb-b", promoted.LinkedArticleId);
        Assert.Equal(new SearchStats(1, 1, 0), await Reports.SearchStatsAsync(March));
        Assert.Equal(new SearchStats(1, 1, 0), await Reports.SearchStatsAsync(March, ReportFilter.WithSource(null, SearchSource.Panel)));
    }

    [Fact]
    public async Task A_prefetch_nobody_acted_on_stays_out_of_every_search_report()
    {
        await LogAsync(SearchSource.Suggestions, "key:psa-bridge", "zzz nothing", "T1", [], SearchIntent.Prefetch);
        await LogAsync(SearchSource.Api, "key:psa-bridge", "zzz nothing", null, [], SearchIntent.Prefetch);

        Assert.Equal(SearchStats.Empty, await Reports.SearchStatsAsync(March));
        Assert.Empty((await Reports.ContentGapsAsync(March)).ZeroResultQueries);
        Assert.Equal(0, (await Reports.TrendsAsync(March)).Sum(w => w.Searches.Searches));
    }

    [Fact]
    public async Task A_later_link_of_any_article_to_the_searched_ticket_marks_that_search_successful()
    {
        var search = await LogAsync(SearchSource.Api, "key:psa-bridge", "vpn drops", "T1", ["kb-a"]);
        var otherTicket = await LogAsync(SearchSource.Api, "key:other", "vpn drops", "T2", ["kb-a"]);

        SetNow(At(2026, 3, 3, 10));
        // Someone else links an article the search did not show: the search for this ticket still led to knowledge.
        await Ledger.LinkAsync(Contributor, new LinkRequest(Key("T1"), "kb-c", LinkType.Reference));

        Assert.Equal("kb-c", (await ReadAsync(search.Id)).LinkedArticleId);
        Assert.Null((await ReadAsync(otherTicket.Id)).LinkedArticleId);
        Assert.Equal(new SearchStats(2, 1, 0), await Reports.SearchStatsAsync(March));
    }

    [Fact]
    public async Task A_link_through_the_api_answers_the_keys_search_that_showed_the_article()
    {
        var older = await LogAsync(SearchSource.Api, "key:psa-bridge", "outlook", null, ["kb-b"]);
        var newer = await LogAsync(SearchSource.Api, "key:psa-bridge", "printer", null, ["kb-c"]);

        SetNow(At(2026, 3, 3, 10));
        await Ledger.LinkAsync(Bridge with { Name = "alex (key:psa-bridge)" }, new LinkRequest(Key("T2"), "kb-b", LinkType.Resolved) { SearchSession = Bridge.Name });

        Assert.Equal("kb-b", (await ReadAsync(older.Id)).LinkedArticleId);
        Assert.Null((await ReadAsync(newer.Id)).LinkedArticleId);
    }

    [Fact]
    public async Task Opening_a_shown_article_marks_the_search_successful_and_opening_one_it_did_not_show_does_not()
    {
        var search = await LogAsync(SearchSource.Suggestions, "key:psa-bridge", "Outlook prompts", null, ["kb-a", "kb-b"]);

        Assert.False(await Ledger.RecordOpenAsync("key:psa-bridge", null, "kb-c"));
        Assert.Null((await ReadAsync(search.Id)).OpenedArticleId);

        Assert.True(await Ledger.RecordOpenAsync("key:psa-bridge", null, "kb-b"));
        Assert.Equal("kb-b", (await ReadAsync(search.Id)).OpenedArticleId);
        Assert.Equal(new SearchStats(1, 1, 0), await Reports.SearchStatsAsync(March));
    }

    [Fact]
    public async Task Opening_an_article_a_prefetch_showed_promotes_it_to_demand()
    {
        var prefetch = await LogAsync(SearchSource.Api, "key:psa-bridge", "Outlook prompts", "T1", ["kb-a"], SearchIntent.Prefetch);

        Assert.True(await Ledger.RecordOpenAsync("key:psa-bridge", null, "kb-a"));

        var read = await ReadAsync(prefetch.Id);
        Assert.Equal(("kb-a", false), (read.OpenedArticleId, read.Prefetch));
        Assert.Equal(new SearchStats(1, 1, 0), await Reports.SearchStatsAsync(March));
    }

    [Fact]
    public async Task The_site_search_is_answered_by_the_sessions_next_open_as_before()
    {
        var site = await Ledger.LogSearchAsync("alex", "alex", "printer offline", 4);

        Assert.True(await Ledger.RecordOpenAsync("alex", null, "kb-a"));

        Assert.Equal("kb-a", (await ReadAsync(site.Id)).OpenedArticleId);
    }

    [Fact]
    public async Task A_created_link_answers_no_search()
    {
        var search = await LogAsync(SearchSource.Panel, "casey", "new problem", "T1", []);

        await Ledger.LinkAsync(Contributor, new LinkRequest(Key("T1"), "kb-a", LinkType.Created));

        Assert.False((await ReadAsync(search.Id)).Successful);
    }

    [Fact]
    public async Task The_search_reports_filter_by_source_and_count_every_source_without_a_filter()
    {
        await Ledger.LogSearchAsync("alex", "alex", "printer offline", 0);
        await LogAsync(SearchSource.Panel, "casey", "vpn drops", "T1", []);
        await LogAsync(SearchSource.Panel, "casey", "vpn drops", "T1", ["kb-a"]);
        await LogAsync(SearchSource.Api, "key:psa-bridge", "mapped drive", null, []);

        var all = await Reports.SearchStatsAsync(March);
        var panel = await Reports.SearchStatsAsync(March, ReportFilter.WithSource(null, SearchSource.Panel));
        var site = await Reports.SearchStatsAsync(March, ReportFilter.WithSource(null, SearchSource.Site));

        Assert.Equal(4, all.Searches);
        Assert.Equal((2, 1), (panel.Searches, panel.ZeroResult));
        Assert.Equal(1, site.Searches);
        var gaps = await Reports.ContentGapsAsync(March, ReportFilter.WithSource(null, SearchSource.Panel));
        Assert.Equal(["vpn drops"], gaps.ZeroResultQueries.Select(q => q.NormalizedQuery));
        var drill = await Reports.SearchesAsync(March, SearchMeasure.All, ReportFilter.WithSource(new ReportFilter(ReportSlice.Technician, "casey"), SearchSource.Panel));
        Assert.Equal(2, drill.Total);
        Assert.All(drill.Items, s => Assert.Equal((SearchSource.Panel, "psa/test/T1"), (s.Source, s.Ticket)));
        Assert.Equal(0, (await Reports.SearchStatsAsync(March, ReportFilter.WithSource(null, SearchSource.Intake))).Searches);
    }
}

public sealed class SqliteSearchDemandTests : SearchDemandTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.CreateSqliteAsync();
}

[Collection(KnowledgeBase.Testing.PostgresCollection.Name)]
public sealed class PostgresSearchDemandTests(PostgresServerFixture postgres) : SearchDemandTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.CreatePostgresAsync(postgres.Server);
}
