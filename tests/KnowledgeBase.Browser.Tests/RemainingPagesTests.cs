using KnowledgeBase.Core.Lifecycle;
using Microsoft.Playwright;

namespace KnowledgeBase.Browser.Tests;

/// <summary>The pages no flow test visits: each renders, passes axe-core and is kept as a screenshot.</summary>
public sealed class RemainingPagesTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task The_admin_api_keys_denied_and_not_found_pages_are_accessible()
    {
        var admin = await fixture.SignedInPageAsync(KcsRole.Admin);
        await admin.GotoAsync("/admin/api-keys");
        await Assertions.Expect(admin.Locator("main h1").First).ToBeVisibleAsync();
        await PageChecks.AssertAccessibleAsync(admin, "/admin/api-keys");
        await PageChecks.ScreenshotAsync(admin, "50-api-keys");

        foreach (var path in new[] { "/reports/tickets", "/reports/searches?measure=zero-result&of=all", "/reports/links?resolved=true", "/reports/articles?rule=ReviewDue", "/review", "/articles/new" })
        {
            await BrowserFixture.GotoInteractiveOrStaticAsync(admin, path);
            await Assertions.Expect(admin.Locator("main h1").First).ToBeVisibleAsync();
            await PageChecks.AssertAccessibleAsync(admin, path);
        }

        await admin.GotoAsync("/no/such/page");
        await Assertions.Expect(admin.GetByRole(AriaRole.Heading, new() { Name = "Page not found" })).ToBeVisibleAsync();
        await PageChecks.AssertAccessibleAsync(admin, "not found");

        var candidate = await fixture.SignedInPageAsync(KcsRole.Candidate);
        await candidate.GotoAsync("/admin/users");
        await Assertions.Expect(candidate.GetByRole(AriaRole.Heading, new() { Name = "Not allowed" })).ToBeVisibleAsync();
        await PageChecks.AssertAccessibleAsync(candidate, "denied");
        await PageChecks.ScreenshotAsync(candidate, "51-denied");
    }

    [Fact]
    public async Task The_first_run_setup_page_is_accessible()
    {
        await using var site = new KnowledgeBase.Web.Tests.KnowledgeBaseSite();
        var context = await fixture.Browser.NewContextAsync(new() { BaseURL = site.ServerAddress.ToString() });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Create the first administrator" })).ToBeVisibleAsync();
        await PageChecks.AssertAccessibleAsync(page, "setup");
        await PageChecks.ScreenshotAsync(page, "52-setup");
        await context.DisposeAsync();
    }
}
