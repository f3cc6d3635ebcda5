using System.Globalization;
using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using KnowledgeBase.Core.Lifecycle;
using KnowledgeBase.Core.Reports;
using KnowledgeBase.Data.DemoData;
using KnowledgeBase.Data.Reports;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Web.Tests.Reports;

/// <summary>
/// Every number of the report pages, followed over HTTP to the list behind it: the list must hold that many rows, and
/// a rate's list must state that rate. The site has the starter content and the demo data of the last six months.
/// </summary>
public sealed partial class DrillDownSiteTests(DrillDownSiteTests.SiteFixture fixture) : IClassFixture<DrillDownSiteTests.SiteFixture>
{
    public sealed class SiteFixture : IAsyncLifetime
    {
        public KnowledgeBaseSite Site { get; } = new();
        public HttpClient Client { get; private set; } = null!;
        /// <summary>The last 17 days (three or four ISO weeks), e.g. from=2026-11-06&amp;to=2026-11-22.</summary>
        public string Period { get; private set; } = "";
        public string BusiestOwner { get; private set; } = "";

        public async Task InitializeAsync()
        {
            Client = await Site.SignedInClientAsync(KcsRole.Candidate);
            var today = DateTime.UtcNow.Date;
            await Site.Services.GetRequiredService<DemoDataGenerator>().GenerateAsync(new DemoDataOptions { Seed = 5, Now = DateTime.SpecifyKind(today, DateTimeKind.Utc) });
            var to = DateOnly.FromDateTime(today);
            Period = $"from={to.AddDays(-16):yyyy-MM-dd}&to={to:yyyy-MM-dd}";
            var period = new ReportPeriod(today.AddDays(-16), today.AddDays(1));
            var owners = await Site.Services.GetRequiredService<ReuseReports>().ReuseAsync(period, ReportSlice.Owner);
            BusiestOwner = owners.First(o => o.Key != ReportKeys.None).Key;
        }

        public async Task DisposeAsync() => await Site.DisposeAsync();
    }

    [GeneratedRegex(@"^(?<n>[\d,]+) [^,]+?(, of (?<m>[\d,]+) \((?<rate>[^)]*)\))?\.$")]
    private static partial Regex DrillTotal();

    [GeneratedRegex(@"^(?<n>[\d,]+)")]
    private static partial Regex LeadingNumber();

    private static readonly string[] DrillDownPages = ["reports/tickets?", "reports/searches?", "reports/links?", "reports/articles?"];

    [Fact]
    public async Task Every_number_of_an_owners_dashboard_lists_exactly_that_many_rows()
    {
        var checkedLinks = await CheckEveryNumberAsync($"/reports/owner/{Uri.EscapeDataString(fixture.BusiestOwner)}?{fixture.Period}");

        // Participation rows inside the owner's dashboard drill down to the owner's and the technician's tickets.
        Assert.Contains(checkedLinks, href => href.Contains($"owner={Uri.EscapeDataString(fixture.BusiestOwner)}&technician=", StringComparison.Ordinal) && href.Contains("measure=linked&of=closed", StringComparison.Ordinal));
        Assert.Contains(checkedLinks, href => href.StartsWith("reports/links?", StringComparison.Ordinal));
        Assert.Contains(checkedLinks, href => href.StartsWith("reports/searches?", StringComparison.Ordinal));
        Assert.Contains(checkedLinks, href => href.StartsWith("reports/articles?", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_number_of_the_overview_by_client_lists_exactly_that_many_rows()
    {
        var checkedLinks = await CheckEveryNumberAsync($"/reports?{fixture.Period}&by=client");

        Assert.Contains(checkedLinks, href => href.Contains("client=", StringComparison.Ordinal) && href.Contains("measure=known&of=linked", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_number_of_an_owners_content_gaps_lists_exactly_that_many_rows()
    {
        var checkedLinks = await CheckEveryNumberAsync($"/reports/gaps?{fixture.Period}&owner={Uri.EscapeDataString(fixture.BusiestOwner)}");

        Assert.Contains(checkedLinks, href => href.StartsWith("reports/searches?", StringComparison.Ordinal) && href.Contains("measure=zero-result&query=", StringComparison.Ordinal));
        Assert.Contains(checkedLinks, href => href.Contains($"owner={Uri.EscapeDataString(fixture.BusiestOwner)}&category=", StringComparison.Ordinal) && href.Contains("measure=unlinked", StringComparison.Ordinal));
    }

    /// <summary>Follows every drill-down link of the page's number cells and sentences; returns the links it checked.</summary>
    private async Task<IReadOnlyList<string>> CheckEveryNumberAsync(string path)
    {
        var parser = new HtmlParser();
        var page = parser.ParseDocument(await fixture.Client.GetStringAsync(path));
        var numbers = page.QuerySelectorAll("td.num, .report-totals a, .trend-total a, .gap-group p a").ToList();
        Assert.NotEmpty(numbers);

        var links = new List<(string Href, string Text)>();
        foreach (var element in numbers)
        {
            var anchor = element.LocalName == "a" ? element : element.QuerySelector("a");
            Assert.True(anchor is not null, $"{path}: the number '{element.TextContent.Trim()}' in {element.ParentElement?.OuterHtml} has no drill-down");
            links.Add((anchor.GetAttribute("href")!, anchor.TextContent.Trim()));
        }

        var checkedLinks = new List<string>();
        foreach (var (href, text) in links.Distinct())
        {
            if (!DrillDownPages.Any(p => href.StartsWith(p, StringComparison.Ordinal))) continue;
            var list = parser.ParseDocument(await fixture.Client.GetStringAsync("/" + href));
            var total = list.QuerySelector(".drill-total")?.TextContent.Trim();
            Assert.True(total is not null, $"{href}: no total");
            var match = DrillTotal().Match(total);
            Assert.True(match.Success, $"{href}: '{total}'");
            if (text.EndsWith('%') || text == "—")
            {
                Assert.True(match.Groups["rate"].Success, $"{href} (a rate, '{text}') does not say of what: '{total}'");
                Assert.Equal(text, match.Groups["rate"].Value);
            }
            else
            {
                var number = LeadingNumber().Match(text);
                Assert.True(number.Success, $"{href}: the link text '{text}' is not a number");
                Assert.True(Parse(number.Groups["n"].Value) == Parse(match.Groups["n"].Value), $"{path}: '{text}' links to {href}, which lists '{total}'");
            }
            // Tickets, searches and links come 50 to a page; stale articles all at once.
            var rows = list.QuerySelectorAll("table.report-table tbody tr").Length;
            var n = Parse(match.Groups["n"].Value);
            Assert.Equal(href.StartsWith("reports/articles?", StringComparison.Ordinal) ? n : Math.Min(n, 50), rows);
            checkedLinks.Add(href);
        }
        return checkedLinks;
    }

    private static long Parse(string number) => long.Parse(number, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
}
