using KnowledgeBase.Core.Lifecycle;
using Microsoft.Playwright;

namespace KnowledgeBase.Browser.Tests;

/// <summary>Search-as-you-type in real Chromium: results follow the keystrokes, the URL keeps the state, the keyboard drives it.</summary>
public sealed class SearchPageTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Typing_updates_the_results_and_the_url_and_enter_opens_the_highlighted_article()
    {
        var page = await fixture.SignedInPageAsync(KcsRole.Contributor);
        await fixture.WaitForSearchIndexAsync();
        await BrowserFixture.GotoInteractiveAsync(page, "/");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Recently updated" })).ToBeVisibleAsync();

        // "/" focuses the box from anywhere on the page.
        await page.Locator("body").ClickAsync(new() { Position = new() { X = 5, Y = 300 } });
        await page.Keyboard.PressAsync("/");
        var box = page.GetByLabel("Search articles");
        await Assertions.Expect(box).ToBeFocusedAsync();

        await box.PressSequentiallyAsync("bitlocker recov");
        await Assertions.Expect(page.Locator("#search-status")).ToHaveAttributeAsync("data-query", "bitlocker recov");
        var results = page.Locator("#search-results li");
        await Assertions.Expect(results.First).ToContainTextAsync("BitLocker");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"\?q=bitlocker(%20|\+)recov$"));
        await PageChecks.AssertAccessibleAsync(page, "search as you type");
        await PageChecks.ScreenshotAsync(page, "10-search-as-you-type");

        await box.PressAsync("ArrowDown");
        await Assertions.Expect(results.First).ToHaveClassAsync("selected");
        var title = await results.First.Locator("a").InnerTextAsync();
        await box.PressAsync("Enter");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(title);
    }

    [Fact]
    public async Task A_facet_filters_the_results_and_back_returns_to_the_unfiltered_search()
    {
        var page = await fixture.SignedInPageAsync(KcsRole.Contributor);
        await fixture.WaitForSearchIndexAsync();
        await BrowserFixture.GotoInteractiveAsync(page, "/?q=password");
        var count = page.Locator("#search-status");
        await Assertions.Expect(count).ToContainTextAsync("results");
        var before = await count.InnerTextAsync();

        var first = page.Locator("fieldset.facet", new() { HasText = "Category" }).Locator("button.facet-value").First;
        var facetName = await first.Locator("span").First.InnerTextAsync();
        var facetCount = await first.Locator(".facet-count").InnerTextAsync();
        // Facets re-sort once one is chosen: follow the chosen one by its name, not by its position.
        var facet = page.Locator("fieldset.facet", new() { HasText = "Category" }).Locator("button.facet-value", new() { HasText = facetName });
        await facet.ClickAsync();
        await Assertions.Expect(facet).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(count).ToHaveTextAsync(facetCount == "1" ? "1 result" : $"{facetCount} results");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("category="));
        await PageChecks.ScreenshotAsync(page, "11-search-facet");

        await page.GoBackAsync();
        await Assertions.Expect(page).Not.ToHaveURLAsync(new System.Text.RegularExpressions.Regex("category="));
        await Assertions.Expect(count).ToHaveTextAsync(before);
    }

    [Fact]
    public async Task A_search_without_results_offers_to_create_an_article_from_the_words()
    {
        var page = await fixture.SignedInPageAsync(KcsRole.Contributor);
        await fixture.WaitForSearchIndexAsync();
        await BrowserFixture.GotoInteractiveAsync(page, "/");
        await page.GetByLabel("Search articles").PressSequentiallyAsync("zzqqxxjj wwkkvvpp");
        var create = page.GetByRole(AriaRole.Link, new() { Name = "Create an article from this search" });
        await Assertions.Expect(create).ToBeVisibleAsync();
        // The link follows the typing: it may first show a partial word, then the whole search.
        await Assertions.Expect(create).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("articles/new\\?issue=zzqqxxjj%20wwkkvvpp$"));
    }
}
