using System.Text.RegularExpressions;
using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Lifecycle;
using Microsoft.Playwright;

namespace KnowledgeBase.Browser.Tests;

/// <summary>
/// A customer's week in Chromium, at a desktop and a phone: search, read a shared article without the service desk's
/// workflow words around it, say what is wrong with it, and find an internal article's address answered as missing.
/// </summary>
public sealed class CustomerJourneyTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Theory]
    [InlineData(1366)]
    [InlineData(390)]
    public async Task A_customer_finds_and_reads_a_shared_article_flags_it_and_meets_internal_ones_as_missing(int width)
    {
        await fixture.WaitForSearchIndexAsync();
        // A customer-audience Publisher holds no more than any customer (docs/security.md).
        var page = await fixture.SignedInPageAsync(KcsRole.Publisher, width, width > 800 ? 900 : 844, Audience.Customer);

        await BrowserFixture.GotoInteractiveOrStaticAsync(page, "/?q=" + Uri.EscapeDataString("onedrive copies with my computer name"));
        await page.Locator("a[href='articles/kb-1034']").First.ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/articles/kb-1034$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("OneDrive made copies");
        var meta = page.Locator("dl.article-meta");
        foreach (var word in new[] { "Validated", "Audience", "Owner", "Reuse", "Review due" })
            await Assertions.Expect(meta).Not.ToContainTextAsync(word);
        await Assertions.Expect(page.GetByText("Fix it (edit)")).ToHaveCountAsync(0);

        await page.GetByLabel("What is wrong?").SelectOptionAsync("Incomplete");
        await page.GetByLabel("Comment").FillAsync("Step 4 does not say where the cloud icon is on Windows 11");
        await page.GetByRole(AriaRole.Button, new() { Name = "Flag it" }).ClickAsync();
        await Assertions.Expect(page.Locator("#flag-outcome")).ToContainTextAsync("the service desk will review the article");
        await Assertions.Expect(page.GetByText("Open flag:")).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, $"customer-journey-flagged-{width}.png"), FullPage = true });

        // kb-1001 is Validated but Internal: the same answer as an address that never existed.
        var response = await page.GotoAsync("/articles/kb-1001");
        Assert.Equal(404, response!.Status);
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Article not found");
        await Assertions.Expect(page.Locator("main")).Not.ToContainTextAsync("Outlook keeps prompting");
    }
}
