using KnowledgeBase.Core.Lifecycle;
using Microsoft.Playwright;

namespace KnowledgeBase.Browser.Tests;

/// <summary>Writing in real Chromium: the KCS template, the live preview, the lifecycle, and concurrent edits that lose nothing.</summary>
public sealed class EditorTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_contributor_creates_from_the_template_previews_saves_and_then_validates()
    {
        var page = await fixture.SignedInPageAsync(KcsRole.Contributor);
        await BrowserFixture.GotoInteractiveAsync(page, "/articles/new");
        var body = page.GetByLabel("Article (Markdown)");
        await Assertions.Expect(body).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("## Issue[\\s\\S]*## Environment[\\s\\S]*## Resolution[\\s\\S]*## Cause"));

        await page.GetByLabel("Title (main issue + main environment)").FillAsync("Scanner to email fails with 550 5.7.57 — Microsoft 365 SMTP AUTH");
        await body.FillAsync("## Issue\nThe copier says **550 5.7.57 Client not authenticated**.\n\n## Environment\nMicrosoft 365, multifunction printer.\n\n## Resolution\n1. Enable SMTP AUTH for the scanner mailbox.\n");
        await Assertions.Expect(page.Locator(".preview strong")).ToHaveTextAsync("550 5.7.57 Client not authenticated");
        await Assertions.Expect(page.Locator(".preview h2").First).ToHaveTextAsync("Issue");
        await PageChecks.AssertAccessibleAsync(page, "editor");
        await PageChecks.ScreenshotAsync(page, "20-editor-new");

        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Scanner to email fails with 550 5.7.57 — Microsoft 365 SMTP AUTH");
        await Assertions.Expect(page.Locator(".article-meta .badge").First).ToHaveTextAsync("Not Validated");

        await page.GetByRole(AriaRole.Link, new() { Name = "Fix it (edit)" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/edit$"));
        await BrowserFixture.GotoInteractiveAsync(page, page.Url);
        await page.GetByLabel("State").SelectOptionAsync("Validated");
        await page.GetByLabel("Change note").FillAsync("Checked with the customer");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.Locator(".article-meta .badge").First).ToHaveTextAsync("Validated");
        await Assertions.Expect(page.Locator(".revisions tbody tr")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator(".revisions tbody tr").First).ToContainTextAsync("Checked with the customer");
        await PageChecks.ScreenshotAsync(page, "21-article-validated");
    }

    [Fact]
    public async Task A_candidate_is_not_offered_validated()
    {
        var page = await fixture.SignedInPageAsync(KcsRole.Candidate);
        await BrowserFixture.GotoInteractiveAsync(page, "/articles/new");
        var options = await page.GetByLabel("State").Locator("option").AllInnerTextsAsync();
        Assert.Equal(["WIP", "Not Validated"], options);
        Assert.Equal(["Internal"], await page.GetByLabel("Audience").Locator("option").AllInnerTextsAsync());
    }

    [Fact]
    public async Task Two_people_editing_at_once_get_a_conflict_and_the_second_keeps_their_text()
    {
        var first = await fixture.SignedInPageAsync(KcsRole.Contributor);
        var second = await fixture.SignedInPageAsync(KcsRole.Contributor);
        await BrowserFixture.GotoInteractiveAsync(first, "/articles/kb-1015/edit");
        await BrowserFixture.GotoInteractiveAsync(second, "/articles/kb-1015/edit");
        var original = await first.GetByLabel("Article (Markdown)").InputValueAsync();

        await first.GetByLabel("Article (Markdown)").FillAsync(original + "\nFirst person's addition.\n");
        await first.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(first).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/articles/kb-1015$"));

        await second.GetByLabel("Article (Markdown)").FillAsync(original + "\nSecond person's addition.\n");
        await second.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        var conflict = second.GetByRole(AriaRole.Region, new() { Name = "Someone saved a newer version" });
        await Assertions.Expect(conflict).ToBeVisibleAsync();
        await Assertions.Expect(conflict).ToContainTextAsync("Second person's addition.");
        await Assertions.Expect(conflict).ToContainTextAsync("First person's addition.");
        await PageChecks.ScreenshotAsync(second, "22-edit-conflict");

        await second.GetByRole(AriaRole.Button, new() { Name = "Keep my text on top of version" }).ClickAsync();
        await second.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(second).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/articles/kb-1015$"));
        await Assertions.Expect(second.Locator(".article-body")).ToContainTextAsync("Second person's addition.");
        await Assertions.Expect(second.Locator(".revisions tbody tr")).ToHaveCountAsync(3);
    }
}
