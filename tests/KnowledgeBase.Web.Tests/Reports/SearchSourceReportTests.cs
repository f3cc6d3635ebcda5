using System.Net;
using KnowledgeBase.Core.Lifecycle;
using KnowledgeBase.Core.Tickets;
using KnowledgeBase.Data.Tickets;
using KnowledgeBase.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Web.Tests.Reports;

/// <summary>
/// Issue #18.4: the content-gap and search reports, on the site and in their CSV files, filter by the source a search ran
/// from; without a filter they count every source but never a prefetch nobody acted on. On SQLite and PostgreSQL.
/// </summary>
public abstract class SearchSourceReportTests
{
    protected abstract Task<Dictionary<string, string?>> SettingsAsync();

    [Fact]
    public async Task The_report_pages_and_their_csv_files_count_the_chosen_sources_searches_and_every_source_without_a_filter()
    {
        await using var site = new KnowledgeBaseSite(await SettingsAsync());
        var client = await site.SignedInClientAsync(KcsRole.KnowledgeDomainExpert);
        var ledger = site.Services.GetRequiredService<ReuseLedger>();
        await ledger.LogSearchAsync("alex", "alex", "wallaby printer from the site", 0);
        await ledger.LogSearchAsync(new SearchLogRequest("psa:cw:jdoe", "psa:cw:jdoe", "wallaby printer from the panel", 0)
        {
            Source = SearchSource.Panel, Ticket = new TicketKey("connectwise", "na.example.com", "4711"), Shown = [],
        });
        await ledger.LogSearchAsync(new SearchLogRequest("psa:cw:jdoe", "psa:cw:jdoe", "wallaby printer prefetched", 0)
        {
            Source = SearchSource.Panel, Ticket = new TicketKey("connectwise", "na.example.com", "4712"), Shown = [], Intent = SearchIntent.Prefetch,
        });

        var all = WebUtility.HtmlDecode(await client.GetStringAsync("/reports/gaps"));
        Assert.Contains("wallaby printer from the site", all);
        Assert.Contains("wallaby printer from the panel", all);
        Assert.DoesNotContain("wallaby printer prefetched", all);
        var panel = WebUtility.HtmlDecode(await client.GetStringAsync("/reports/gaps?source=panel"));
        Assert.DoesNotContain("wallaby printer from the site", panel);
        Assert.Contains("wallaby printer from the panel", panel);
        Assert.Contains("<option value=\"panel\" selected", panel);

        var allCsv = await client.GetStringAsync("/reports/gaps-queries.csv");
        Assert.Contains("wallaby printer from the site", allCsv);
        Assert.Contains("wallaby printer from the panel", allCsv);
        Assert.DoesNotContain("wallaby printer prefetched", allCsv);
        var siteCsv = await client.GetStringAsync("/reports/gaps-queries.csv?source=site");
        Assert.Contains("wallaby printer from the site", siteCsv);
        Assert.DoesNotContain("wallaby printer from the panel", siteCsv);

        var searches = (await client.GetStringAsync("/reports/searches.csv?measure=zero-result&source=panel")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.EndsWith("source,ticket", searches[0].TrimEnd('\r'));
        var row = Assert.Single(searches.Skip(1));
        Assert.Contains("wallaby printer from the panel", row);
        Assert.EndsWith(",panel,connectwise/na.example.com/4711", row.TrimEnd('\r'));
        var drill = WebUtility.HtmlDecode(await client.GetStringAsync("/reports/searches?measure=zero-result&source=panel"));
        Assert.Contains("searches from <strong>the PSA ticket panel</strong>", drill);
        Assert.Contains("the PSA ticket panel, ticket", drill);

        // The overview carries the source into its drill-downs.
        Assert.Contains("reports/searches?from=", await client.GetStringAsync("/reports?source=panel"));
        Assert.Contains("source=panel", await client.GetStringAsync("/reports?source=panel"));

        var wrong = await client.GetAsync("/reports/gaps-queries.csv?source=telepathy");
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("'telepathy' is not a search source (site, api, suggestions, intake, panel)", await wrong.Content.ReadAsStringAsync());
    }
}

public sealed class SqliteSearchSourceReportTests : SearchSourceReportTests
{
    protected override Task<Dictionary<string, string?>> SettingsAsync() => Task.FromResult(new Dictionary<string, string?>());
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresSearchSourceReportTests(PostgresServerFixture postgres) : SearchSourceReportTests
{
    protected override async Task<Dictionary<string, string?>> SettingsAsync() => new()
    {
        ["Database:Provider"] = "PostgreSql",
        ["ConnectionStrings:KnowledgeBase"] = await postgres.Server.CreateDatabaseAsync(),
    };
}
