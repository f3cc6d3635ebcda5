using KnowledgeBase.Core.Lifecycle;
using KnowledgeBase.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace KnowledgeBase.Browser.Tests;

/// <summary>Search before create, never lose an edit, and every standing search logged for the content-gap report.</summary>
public sealed class EditorGuardTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Typing_a_title_that_exists_shows_likely_duplicates()
    {
        var page = await fixture.SignedInPageAsync(KcsRole.Contributor);
        await fixture.WaitForSearchIndexAsync();
        await BrowserFixture.GotoInteractiveAsync(page, "/articles/new");
        var title = page.GetByLabel("Title (main issue + main environment)");
        await title.PressSequentiallyAsync("BitLocker asks for the recovery key");
        var duplicates = page.GetByRole(AriaRole.Region, new() { Name = "Maybe this already exists" })
            .Or(page.Locator("section.duplicates"));
        await Assertions.Expect(duplicates).ToContainTextAsync("BitLocker");
        // Renders that lag behind fast typing must never reset the box and drop keystrokes.
        await Assertions.Expect(title).ToHaveValueAsync("BitLocker asks for the recovery key");
    }

    [Fact]
    public async Task Leaving_the_editor_with_unsaved_changes_asks_first_and_staying_keeps_the_text()
    {
        var page = await fixture.SignedInPageAsync(KcsRole.Contributor);
        await BrowserFixture.GotoInteractiveAsync(page, "/articles/new");
        await page.GetByLabel("Title (main issue + main environment)").FillAsync("Draft that must not be lost");
        string? asked = null;
        page.Dialog += async (_, dialog) =>
        {
            asked = dialog.Message;
            await dialog.DismissAsync();
        };
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Articles" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "New article" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByLabel("Title (main issue + main environment)")).ToHaveValueAsync("Draft that must not be lost");
        Assert.Contains("unsaved changes", asked);
    }

    [Fact]
    public async Task A_search_that_stands_is_logged_with_its_result_count()
    {
        var page = await fixture.SignedInPageAsync(KcsRole.Contributor);
        await fixture.WaitForSearchIndexAsync();
        await BrowserFixture.GotoInteractiveAsync(page, "/");
        await page.GetByLabel("Search articles").PressSequentiallyAsync("zzqqxxjj wwkkvvpp");
        await Assertions.Expect(page.Locator("#search-status")).ToHaveTextAsync("0 results");

        var factory = fixture.Site.Services.GetRequiredService<KnowledgeBaseContextFactory>();
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            await using var db = factory.CreateDbContext();
            var entry = await db.SearchLog.AsNoTracking().FirstOrDefaultAsync(s => s.Query == "zzqqxxjj wwkkvvpp");
            if (entry is not null)
            {
                Assert.Equal(0, entry.ResultCount);
                // Partial words typed on the way were not logged.
                Assert.False(await db.SearchLog.AnyAsync(s => s.Query == "zzqqxxjj wwkkvvp"));
                return;
            }
            Assert.True(DateTime.UtcNow < deadline, "the search was not logged");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task A_dropped_connection_shows_the_reconnect_dialog_and_the_draft_survives_it()
    {
        var page = await fixture.SignedInPageAsync(KcsRole.Contributor);
        // Blazor's websocket goes through Playwright, so the test can cut it the way a network drop would.
        var sockets = new List<(IWebSocketRoute Page, IWebSocketRoute Server)>();
        await page.RouteWebSocketAsync(new System.Text.RegularExpressions.Regex("/_blazor"), ws =>
        {
            lock (sockets) sockets.Add((ws, ws.ConnectToServer()));
        });
        await BrowserFixture.GotoInteractiveAsync(page, "/articles/new");
        var title = page.GetByLabel("Title (main issue + main environment)");
        await title.FillAsync("Draft typed before the network dropped");
        await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = "Preview" })).ToBeVisibleAsync();
        var dialog = page.Locator("#components-reconnect-modal");

        (IWebSocketRoute Page, IWebSocketRoute Server) live;
        lock (sockets) live = sockets[^1];
        await live.Server.CloseAsync();
        await live.Page.CloseAsync();
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        await PageChecks.ScreenshotAsync(page, "40-reconnecting");
        await Assertions.Expect(dialog).ToBeHiddenAsync(new() { Timeout = 60_000 });

        // The same circuit resumed: the draft is still there and the editor still answers.
        await Assertions.Expect(title).ToHaveValueAsync("Draft typed before the network dropped");
        await page.GetByLabel("Article (Markdown)").FillAsync("## Issue\n\nWritten after the reconnect.");
        await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = "Preview" })).ToContainTextAsync("Written after the reconnect.");
        lock (sockets) Assert.True(sockets.Count >= 2, "the page should have opened a new websocket to reconnect");
    }
}
