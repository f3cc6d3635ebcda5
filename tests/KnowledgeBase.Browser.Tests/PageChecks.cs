using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace KnowledgeBase.Browser.Tests;

public static class PageChecks
{
    /// <summary>axe-core on the page as rendered: no serious or critical violations.</summary>
    public static async Task AssertAccessibleAsync(IPage page, string name)
    {
        var results = await page.RunAxe();
        var bad = results.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(bad.Count == 0, $"{name}: " + string.Join("; ", bad.Select(v => $"{v.Id} ({v.Impact}): {v.Help} — {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}")));
    }

    /// <summary>Kept as test output: TestResults/screenshots/NAME.png.</summary>
    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotFolder, name + ".png"), FullPage = true });

    /// <summary>The message is right under what it is about (within a few lines), not somewhere else on the page.</summary>
    public static async Task AssertJustBelowAsync(ILocator subject, ILocator message)
    {
        var above = await subject.BoundingBoxAsync();
        var below = await message.BoundingBoxAsync();
        Assert.NotNull(above);
        Assert.NotNull(below);
        var gap = below!.Y - (above!.Y + above.Height);
        Assert.True(gap is >= 0 and < 80, $"the message is {gap:F0} px below what it is about");
    }
}
