using KnowledgeBase.Core.Lifecycle;
using Microsoft.Playwright;

namespace KnowledgeBase.Browser.Tests;

/// <summary>The solve loop in real Chromium: intake suggests and attaches known solutions; a pinned ticket links in one click.</summary>
public sealed class SolveLoopTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Intake_suggests_known_solutions_attaches_one_and_captures_a_wip_article_when_nothing_matches()
    {
        var page = await fixture.SignedInPageAsync(KcsRole.Contributor);
        await fixture.WaitForSearchIndexAsync();
        await BrowserFixture.GotoInteractiveAsync(page, "/intake?system=halo&instance=main&ticket=T-1001&subject=" + Uri.EscapeDataString("BitLocker asks for the recovery key"));
        await Assertions.Expect(page.GetByLabel("Ticket id")).ToHaveValueAsync("T-1001");
        var suggestions = page.Locator("#suggestions li");
        await Assertions.Expect(suggestions.First).ToContainTextAsync("BitLocker");
        await Assertions.Expect(page.Locator(".suggested-category")).ToContainTextAsync("BitLocker");
        await PageChecks.AssertAccessibleAsync(page, "intake");
        await PageChecks.ScreenshotAsync(page, "30-intake");

        var first = await suggestions.First.Locator("a").InnerTextAsync();
        await suggestions.First.GetByRole(AriaRole.Button, new() { Name = "Attach as resolved" }).ClickAsync();
        await Assertions.Expect(page.Locator("#attached")).ToContainTextAsync(first);
        await Assertions.Expect(page.Locator("#attached")).ToContainTextAsync("resolved");

        await BrowserFixture.GotoInteractiveAsync(page, "/intake?system=halo&instance=main&ticket=T-1002");
        await page.GetByLabel("Subject").FillAsync("Label printer in the warehouse prints blank labels");
        await page.GetByLabel("Description").FillAsync("Since this morning the Zebra label printer feeds blank labels after the driver update.");
        await page.GetByRole(AriaRole.Button, new() { Name = "No match: create a WIP article from this ticket" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Created the WIP article");
        await Assertions.Expect(page.Locator("#attached")).ToContainTextAsync("created");
        await page.Locator("#attached a").First.ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Label printer in the warehouse prints blank labels");
        await Assertions.Expect(page.Locator(".article-meta .badge").First).ToHaveTextAsync("WIP");
        await Assertions.Expect(page.Locator(".article-body")).ToContainTextAsync("Zebra label printer feeds blank labels");
    }

    [Fact]
    public async Task A_pinned_ticket_shows_in_the_header_and_an_opened_article_links_to_it_in_one_click()
    {
        var page = await fixture.SignedInPageAsync(KcsRole.Contributor);
        await fixture.WaitForSearchIndexAsync();
        await page.GotoAsync("/tickets/connectwise/acme/4711");
        await page.GetByRole(AriaRole.Button, new() { Name = "Pin this ticket" }).ClickAsync();
        var banner = page.GetByRole(AriaRole.Region, new() { Name = "Pinned ticket" });
        await Assertions.Expect(banner).ToContainTextAsync("connectwise #4711");

        await BrowserFixture.GotoInteractiveAsync(page, "/");
        await page.GetByLabel("Search articles").PressSequentiallyAsync("print queue stuck");
        // Results follow the typing: read them once they are those of the whole query.
        await Assertions.Expect(page.Locator("#search-status")).ToHaveAttributeAsync("data-query", "print queue stuck");
        await Assertions.Expect(page.Locator("#search-results li").First).ToBeVisibleAsync();
        var title = await page.Locator("#search-results li a").First.InnerTextAsync();
        await page.Locator("#search-results li a").First.ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(title);
        await Assertions.Expect(banner).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Link to connectwise #4711" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Linked");
        await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = "Tickets linked to this article" }).Or(page.Locator("section", new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "Tickets linked to this article" }) }))).ToContainTextAsync("connectwise #4711");
        await PageChecks.AssertAccessibleAsync(page, "article with pinned ticket");
        await PageChecks.ScreenshotAsync(page, "31-article-linked");

        await page.GotoAsync("/tickets/connectwise/acme/4711");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync(title);
    }
}
