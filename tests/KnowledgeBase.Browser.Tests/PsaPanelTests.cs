using System.Net;
using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Lifecycle;
using KnowledgeBase.Core.Psa;
using KnowledgeBase.Core.Tickets;
using KnowledgeBase.Data.Articles;
using KnowledgeBase.Data.Psa;
using KnowledgeBase.Data.Tickets;
using KnowledgeBase.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KnowledgeBase.Browser.Tests;

/// <summary>
/// The PSA ticket panel inside a "PSA" page of another site (localhost on its own port, so the frame is cross-site and
/// has no cookie of ours): it loads from a signed link where the instance lists that origin, links an article as
/// solved with one click — which the search reports then count as a successful panel search — and is refused as a
/// frame by a page of an origin the instance does not list.
/// </summary>
public sealed class PsaPanelTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    /// <summary>A PSA's ticket page on loopback: an iframe of the panel, 400 px wide like a side pane.</summary>
    private sealed class PsaPage : IAsyncDisposable
    {
        private readonly WebApplication _app;
        public string PanelUrl { get; set; } = "";
        public int Port { get; } = LoopbackPorts.Free();
        public string Origin => $"http://localhost:{Port}";

        public PsaPage()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, Port));
            _app = builder.Build();
            _app.MapGet("/ticket", () => Results.Content(
                $"<!DOCTYPE html><html><head><title>PSA ticket</title></head><body style=\"margin:0;display:flex\"><main style=\"flex:1\"><h1>PSA ticket screen</h1></main>" +
                $"<iframe id=\"kb\" title=\"Knowledge\" src=\"{WebUtility.HtmlEncode(PanelUrl)}\" style=\"width:400px;height:900px;border:0\" onload=\"this.dataset.loaded='1'\"></iframe></body></html>",
                "text/html"));
        }

        public Task StartAsync() => _app.StartAsync();

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_panel_loads_inside_an_allowed_PSA_page_links_an_article_the_report_counts_and_is_refused_in_another_origin()
    {
        await using var allowed = new PsaPage();
        await using var other = new PsaPage();
        await allowed.StartAsync();
        await other.StartAsync();
        var services = fixture.Site.Services;
        var slug = "halo-" + Guid.NewGuid().ToString("N")[..8];
        var created = await services.GetRequiredService<PsaInstanceStore>().CreateAsync("admin@test.local", new PsaInstanceInput
        {
            Slug = slug, System = PsaSystem.Halo, DisplayName = "Halo (test)", TicketInstance = slug + ".example.com", FrameOrigins = allowed.Origin,
        });
        var title = "Quarkfax scanner rejects SMTP login with 535 after password change";
        var article = await services.GetRequiredService<ArticleStore>().CreateAsync(Actor.System, null, new ArticleEdit
        {
            Title = title, Body = "## Issue\nThe quarkfax scanner says 535 authentication failed.\n\n## Resolution\nUpdate the scan-to-email password.\n", State = KcsState.Validated,
        });
        var key = new TicketKey("halo", created.Instance.TicketInstance, "1042");
        await services.GetRequiredService<ReuseLedger>().UpsertTicketAsync(new TicketUpsert { Key = key, Subject = "Quarkfax scanner: SMTP 535 after password change", Description = "Since Monday." });
        await WaitUntilSearchableAsync(title);

        string Link()
        {
            var exp = DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds();
            var nonce = Guid.NewGuid().ToString("N");
            var sig = PanelLink.Sign(created.EmbedSecret, slug, "1042", "ana.lima", exp, nonce);
            return $"{fixture.BaseUrl.TrimEnd('/')}/psa/{slug}/panel/1042?member=ana.lima&exp={exp}&nonce={nonce}&sig={sig}";
        }

        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 950 } });
        context.SetDefaultTimeout(60_000);
        var page = await context.NewPageAsync();
        allowed.PanelUrl = Link();
        await page.GotoAsync(allowed.Origin + "/ticket");
        var panel = page.FrameLocator("#kb");
        await Expect(panel.GetByRole(AriaRole.Heading, new() { Name = "Ticket #1042" })).ToBeVisibleAsync();
        await Expect(panel.GetByText("Acting as")).ToContainTextAsync("ana.lima");
        // Opening the panel loaded its suggestions before anyone looked: a prefetch, not demand, in the reports (issue #18.4).
        var reports = await fixture.SignedInPageAsync(KcsRole.KnowledgeDomainExpert, 1366, 900);
        await reports.GotoAsync("/reports?source=panel");
        await Expect(reports.Locator(".report-totals")).ToContainTextAsync("0 searches (0 successful");
        await panel.GetByRole(AriaRole.Button, new() { Name = "Solved with this: " + title }).ClickAsync();
        await Expect(panel.Locator("#panel-message")).ToContainTextAsync("Linked as solved with: " + title);
        await Expect(panel.Locator("#linked")).ToContainTextAsync(title);
        await Expect(panel.Locator("#linked")).ToContainTextAsync($"ana.lima (PSA panel, {slug})"); // who linked, as people read it
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "psa-panel-in-allowed-origin.png") });
        var links = await services.GetRequiredService<ReuseLedger>().LinksOfTicketAsync(key);
        Assert.Contains(links, l => l.ArticleId == article.Id && l.Type == LinkType.Resolved);

        // An article's title opens it in a new tab (through the panel's counted "open"), out of the frame.
        var opened = await page.RunAndWaitForPopupAsync(() => panel.Locator("#linked").GetByRole(AriaRole.Button, new() { Name = title, Exact = true }).ClickAsync());
        await opened.WaitForLoadStateAsync();
        Assert.Contains(Uri.EscapeDataString("/articles/" + article.Id), Uri.EscapeDataString(Uri.UnescapeDataString(opened.Url)), StringComparison.Ordinal);
        await opened.CloseAsync();

        // The technician acted on what the panel showed: the report counts that search, as successful, from the panel.
        await reports.GotoAsync("/reports?source=panel");
        await Expect(reports.Locator(".report-totals")).ToContainTextAsync("1 searches (1 successful");
        await reports.Locator(".report-totals").GetByRole(AriaRole.Link, new() { Name = "1 successful" }).ClickAsync();
        var row = reports.Locator("table.report-table tbody tr");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToContainTextAsync("the PSA ticket panel, ticket 1042");
        await Expect(row).ToContainTextAsync("linked " + article.Id);
        await reports.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "psa-panel-search-counted-1366.png"), FullPage = true });
        await reports.Context.CloseAsync();

        // The same panel, framed by a page of an origin the instance does not list: the browser refuses to show it.
        other.PanelUrl = Link();
        var refused = await context.NewPageAsync();
        await refused.GotoAsync(other.Origin + "/ticket");
        await refused.WaitForFunctionAsync("() => document.getElementById('kb').dataset.loaded === '1'");
        var frame = refused.Frames.Single(f => f != refused.MainFrame);
        Assert.DoesNotContain("/psa/", frame.Url, StringComparison.Ordinal);
        Assert.Equal(0, await frame.GetByText("Ticket #1042").CountAsync());

        // The side pane's own widths (and a phone's), for the eye: the panel by itself at 400 and 390 px.
        var pane = await context.NewPageAsync();
        await pane.SetViewportSizeAsync(400, 900);
        await pane.GotoAsync(Link());
        await Expect(pane.GetByRole(AriaRole.Heading, new() { Name = "Ticket #1042" })).ToBeVisibleAsync();
        await pane.GetByLabel("Search the knowledge base").FillAsync("quarkfax 535");
        await pane.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();
        await Expect(pane.Locator("#suggestions")).ToContainTextAsync(title);
        await pane.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "psa-panel-400.png"), FullPage = true });
        await pane.SetViewportSizeAsync(390, 844);
        await pane.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "psa-panel-390.png"), FullPage = true });
        Assert.True(await pane.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the panel scrolls sideways at 390 px");
        await context.CloseAsync();
    }

    [Fact]
    public async Task An_Admin_connects_a_PSA_sees_its_secrets_once_and_lists_the_origins_that_may_frame_its_panel()
    {
        var page = await fixture.SignedInPageAsync(KcsRole.Admin, 1366, 900);
        await page.GotoAsync("/admin/psa");
        var slug = "cw-" + Guid.NewGuid().ToString("N")[..6];
        await page.GetByLabel("PSA", new() { Exact = true }).SelectOptionAsync("ConnectWise");
        await page.GetByLabel("Name shown to technicians").FillAsync("ConnectWise (Acme)");
        await page.GetByLabel("Address name").FillAsync(slug);
        await page.GetByLabel("Tickets' instance").FillAsync(slug + ".myconnectwise.net");
        await page.GetByLabel("Origins that may show the ticket panel").FillAsync("https://na.myconnectwise.net/v4_6_release/");
        await page.GetByRole(AriaRole.Button, new() { Name = "Connect this PSA" }).ClickAsync();
        // A path is not an origin: said next to the field, nothing created.
        await Expect(page.Locator("#psa-frameOrigins-error")).ToContainTextAsync("path");
        await page.GetByLabel("Address name").FillAsync(slug);
        await page.GetByLabel("Tickets' instance").FillAsync(slug + ".myconnectwise.net");
        await page.GetByLabel("Name shown to technicians").FillAsync("ConnectWise (Acme)");
        await page.GetByLabel("Origins that may show the ticket panel").FillAsync("https://na.myconnectwise.net");
        await page.GetByRole(AriaRole.Button, new() { Name = "Connect this PSA" }).ClickAsync();
        await Expect(page.Locator("#created-embed-secret")).ToContainTextAsync(PsaInstanceStore.EmbedSecretPrefix);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "psa-admin-created-1366.png"), FullPage = true });

        await page.GetByRole(AriaRole.Link, new() { Name = "Continue with its settings" }).ClickAsync();
        await Expect(page.Locator("#panel-address")).ToContainTextAsync($"/psa/{slug}/panel/[cw_id]");
        await page.GetByLabel("Origins that may show the ticket panel").FillAsync("https://na.myconnectwise.net\nhttps://eu.myconnectwise.net");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();
        await Expect(page.Locator("#settings-outcome")).ToContainTextAsync("Saved.");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "psa-admin-settings-1366.png"), FullPage = true });
        await page.SetViewportSizeAsync(390, 844);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "psa-admin-settings-390.png"), FullPage = true });

        using var client = fixture.Site.CreateLoopbackClient();
        using var response = await client.GetAsync($"/psa/{slug}/panel/1");
        Assert.Contains("frame-ancestors https://na.myconnectwise.net https://eu.myconnectwise.net;", response.Headers.GetValues("Content-Security-Policy").Single());
        await page.Context.CloseAsync();
    }

    private async Task WaitUntilSearchableAsync(string title)
    {
        await fixture.WaitForSearchIndexAsync();
        var host = fixture.Site.Services.GetRequiredService<KnowledgeBase.Search.Sync.SearchIndexHost>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (host.Service?.Search(new KnowledgeBase.Search.SearchRequest { Query = title, Limit = 3, Reader = KnowledgeBase.Core.Access.Reader.Internal }).Hits.Any(h => h.Title == title) != true)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the article never became searchable");
            await Task.Delay(100);
        }
    }
}
