using KnowledgeBase.Core.Lifecycle;
using Microsoft.Playwright;

namespace KnowledgeBase.Browser.Tests;

/// <summary>The site in real Chromium: sign in, browse, search, read; every page checked with axe-core and kept as a screenshot.</summary>
public sealed class SiteFlowTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_technician_signs_in_searches_with_a_typo_and_opens_the_fix()
    {
        var page = await fixture.SignedInPageAsync(KcsRole.Contributor);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Articles" })).ToBeVisibleAsync();
        await PageChecks.AssertAccessibleAsync(page, "article list");
        await PageChecks.ScreenshotAsync(page, "01-article-list");

        // The index builds in the background after the first start: wait until the node reports it ready.
        await fixture.WaitForSearchIndexAsync();
        await BrowserFixture.GotoInteractiveAsync(page, "/?q=" + Uri.EscapeDataString("outlok keeps asking for pasword"));
        await Assertions.Expect(page.Locator("ol.results li").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("ol.results li a").First).ToContainTextAsync("Outlook");
        await Assertions.Expect(page.Locator("ol.results mark").First).ToBeVisibleAsync();
        await PageChecks.AssertAccessibleAsync(page, "search results");
        await PageChecks.ScreenshotAsync(page, "02-search-results");

        await page.Locator("ol.results li a").First.ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Revision history" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Outlook");
        Assert.Equal(1, await page.Locator("h1").CountAsync());
        await PageChecks.AssertAccessibleAsync(page, "article page");
        await PageChecks.ScreenshotAsync(page, "03-article");
    }

    [Fact]
    public async Task The_sign_in_page_is_accessible_and_says_when_the_password_is_wrong()
    {
        var context = await fixture.Browser.NewContextAsync(new() { BaseURL = fixture.BaseUrl });
        var page = await context.NewPageAsync();
        await fixture.Site.CreateUserAsync("someone@test.local", KcsRole.Candidate);
        await page.GotoAsync("/");
        await page.WaitForURLAsync(url => url.Contains("/account/login", StringComparison.Ordinal));
        await PageChecks.AssertAccessibleAsync(page, "sign-in");
        await PageChecks.ScreenshotAsync(page, "00-sign-in");

        await page.GetByLabel("Email").FillAsync("someone@test.local");
        await page.GetByLabel("Password").FillAsync("not-the-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Wrong email or password.");
    }

    [Fact]
    public async Task The_admin_pages_are_accessible_and_work_on_a_phone_width()
    {
        var page = await fixture.SignedInPageAsync(KcsRole.Admin, width: 375, height: 800);
        foreach (var (path, heading, shot) in new[] { ("/admin/users", "Users and roles", "04-admin-users"), ("/admin/audit", "Audit trail", "05-admin-audit"), ("/admin/search", "Search index", "06-admin-search") })
        {
            await page.GotoAsync(path);
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = heading, Exact = true })).ToBeVisibleAsync();
            await PageChecks.AssertAccessibleAsync(page, path);
            await PageChecks.ScreenshotAsync(page, shot);
        }
        var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");
        Assert.False(overflow, "the admin page scrolls sideways at 375 px");
    }
}
