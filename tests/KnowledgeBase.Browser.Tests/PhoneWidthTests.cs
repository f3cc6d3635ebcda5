using KnowledgeBase.Core.Lifecycle;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace KnowledgeBase.Browser.Tests;

/// <summary>Every page of the solve loop at 375 px: readable without sideways scrolling, and accessible.</summary>
public sealed class PhoneWidthTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task The_solve_loop_pages_fit_a_phone_and_pass_axe()
    {
        var page = await fixture.SignedInPageAsync(KcsRole.Contributor, width: 375, height: 800);
        await fixture.WaitForSearchIndexAsync();
        var pages = new (string Path, string Shot)[]
        {
            ("/?q=vpn%20error%20809", "40-phone-search"),
            ("/articles/kb-1015", "41-phone-article"),
            ("/articles/kb-1015/edit", "42-phone-editor"),
            ("/intake?system=halo&ticket=T-9&subject=Outlook%20keeps%20asking%20for%20a%20password", "43-phone-intake"),
            ("/tickets/halo/default/T-9", "44-phone-ticket"),
        };
        foreach (var (path, shot) in pages)
        {
            await BrowserFixture.GotoInteractiveOrStaticAsync(page, path);
            await Assertions.Expect(page.Locator("main h1").First).ToBeVisibleAsync();
            await PageChecks.AssertAccessibleAsync(page, path);
            var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");
            Assert.False(overflow, $"{path} scrolls sideways at 375 px");
            await PageChecks.ScreenshotAsync(page, shot);
        }
    }

    [Fact]
    public async Task The_api_keys_page_fits_a_phone_its_table_scrolling_in_its_own_box_and_a_customer_keys_client_is_set_there()
    {
        var keys = fixture.Site.Services.GetRequiredService<KnowledgeBase.Data.Api.ApiKeyStore>();
        var name = "portal-" + Guid.NewGuid().ToString("N")[..8];
        var (key, _) = await keys.CreateAsync(name, [KnowledgeBase.Core.Api.ApiScopes.Read], KnowledgeBase.Core.Articles.Audience.Customer, "Contoso", "test");
        var page = await fixture.SignedInPageAsync(KcsRole.Admin, width: 390, height: 844);
        await page.GotoAsync("/admin/api-keys");

        // The table's hidden button labels ("Revoke portal-…") were placed against the page, not the table's scroll box:
        // the whole page scrolled sideways on a phone.
        Assert.False(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1"), "/admin/api-keys scrolls sideways at 390 px");

        var client = page.GetByRole(AriaRole.Combobox, new() { Name = $"Client of {name}" });
        await client.FillAsync("Fabrikam");
        await page.GetByRole(AriaRole.Button, new() { Name = $"Set client of {name}" }).ClickAsync();
        var outcome = page.Locator($"#key-{key.Id}-client-outcome");
        await Assertions.Expect(outcome).ToContainTextAsync($"Key {name} now reads Fabrikam's articles as well as those for every client");
        await Assertions.Expect(page.GetByRole(AriaRole.Combobox, new() { Name = $"Client of {name}" })).ToHaveValueAsync("Fabrikam");
        await PageChecks.AssertAccessibleAsync(page, "/admin/api-keys");
    }

    [Fact]
    public async Task The_ticket_page_is_accessible_at_desktop_width()
    {
        var page = await fixture.SignedInPageAsync(KcsRole.Contributor);
        await page.GotoAsync("/tickets/connectwise/acme/123");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Ticket connectwise #123" })).ToBeVisibleAsync();
        await PageChecks.AssertAccessibleAsync(page, "ticket page");
        await PageChecks.ScreenshotAsync(page, "45-ticket");
    }
}
