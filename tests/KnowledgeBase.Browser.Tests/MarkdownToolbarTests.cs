using KnowledgeBase.Core.Lifecycle;
using Microsoft.Playwright;

namespace KnowledgeBase.Browser.Tests;

/// <summary>The editor's formatting toolbar and shortcuts in real Chromium: the Markdown changes in place and the preview follows.</summary>
public sealed class MarkdownToolbarTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private static Task SelectAsync(ILocator box, string text) =>
        box.EvaluateAsync("(box, text) => { const at = box.value.indexOf(text); box.focus(); box.setSelectionRange(at, at + text.length); }", text);

    [Fact]
    public async Task Buttons_and_shortcuts_format_the_selection_and_the_preview_shows_it()
    {
        var page = await fixture.SignedInPageAsync(KcsRole.Contributor);
        await BrowserFixture.GotoInteractiveAsync(page, "/articles/new");
        var box = page.GetByLabel("Article (Markdown)");
        await Assertions.Expect(box).ToBeEnabledAsync();
        await box.FillAsync("## Resolution\nRestart the spooler service\nClear the queue\n\nSee the vendor notes\n");

        await SelectAsync(box, "spooler");
        await page.GetByRole(AriaRole.Toolbar, new() { Name = "Formatting" }).GetByRole(AriaRole.Button, new() { Name = "Bold" }).ClickAsync();
        await SelectAsync(box, "Restart the **spooler** service\nClear the queue");
        await page.GetByRole(AriaRole.Button, new() { Name = "Numbered list" }).ClickAsync();
        await SelectAsync(box, "vendor notes");
        await box.PressAsync("Control+k");

        await Assertions.Expect(box).ToHaveValueAsync("## Resolution\n1. Restart the **spooler** service\n1. Clear the queue\n\nSee the [vendor notes](https://)\n");
        await Assertions.Expect(page.Locator(".preview ol li strong")).ToHaveTextAsync("spooler");
        await Assertions.Expect(page.Locator(".preview ol li")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator(".preview a")).ToHaveTextAsync("vendor notes");

        // Undo takes the link back, as for anything typed.
        await box.PressAsync("Control+z");
        await Assertions.Expect(box).ToHaveValueAsync("## Resolution\n1. Restart the **spooler** service\n1. Clear the queue\n\nSee the vendor notes\n");
        await PageChecks.AssertAccessibleAsync(page, "editor toolbar");
        await PageChecks.ScreenshotAsync(page, "64-editor-toolbar");
    }
}
