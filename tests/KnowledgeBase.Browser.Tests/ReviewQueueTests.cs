using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Lifecycle;
using KnowledgeBase.Data;
using KnowledgeBase.Data.Articles;
using KnowledgeBase.Data.DemoData;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace KnowledgeBase.Browser.Tests;

/// <summary>An owner's weekly review in real Chromium, and the reports it starts from, checked with axe-core.</summary>
public sealed class ReviewQueueTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task An_owner_opens_their_own_queue_confirms_an_article_and_it_leaves_the_queue()
    {
        var owner = $"owner-{Guid.NewGuid():N}"[..20] + "@test.local";
        await fixture.Site.CreateUserAsync(owner, KcsRole.Contributor);
        var factory = fixture.Site.Services.GetRequiredService<IDbContextFactory<KnowledgeBaseDbContext>>();
        var stale = await ReviewDueAsync(factory, owner, "MFA prompt never arrives on the new phone");
        var other = await ReviewDueAsync(factory, owner, "Authenticator shows the wrong account");
        var page = await fixture.SignInAsync(owner);

        // The header's "Review queue" is the signed-in person's own: no owner to pick.
        await page.GotoAsync("/review");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your review queue", Level = 1 })).ToBeVisibleAsync();
        var item = page.Locator($"li.queue-item[data-article='{stale}']");
        await Assertions.Expect(item).ToContainTextAsync("Review due since");
        await Assertions.Expect(page.Locator("li.queue-item")).ToHaveCountAsync(2);
        await PageChecks.AssertAccessibleAsync(page, "review queue");
        await PageChecks.ScreenshotAsync(page, "20-review-queue");

        await item.GetByRole(AriaRole.Button, new() { Name = "Confirm still valid" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Confirmed");
        await Assertions.Expect(page.Locator($"li.queue-item[data-article='{stale}']")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator($"li.queue-item[data-article='{other}']")).ToHaveCountAsync(1);
        await PageChecks.AssertAccessibleAsync(page, "review queue after confirm");
        await PageChecks.ScreenshotAsync(page, "21-review-queue-confirmed");
    }

    [Fact]
    public async Task The_reports_with_demo_data_are_accessible_on_a_desktop_and_a_phone()
    {
        var generator = fixture.Site.Services.GetRequiredService<DemoDataGenerator>();
        if (!await generator.HasDemoDataAsync())
            await generator.GenerateAsync(new DemoDataOptions { Seed = 7, Now = DateTime.UtcNow.Date, Replace = true });
        var page = await fixture.SignedInPageAsync(KcsRole.KnowledgeDomainExpert);

        foreach (var (path, heading, shot) in new[]
        {
            ("/reports", "Reports", "22-reports"), ("/reports/owner/dana.okafor", "Reports for dana.okafor (unclaimed)", "23-reports-owner"),
            ("/reports/gaps", "Content gaps", "24-content-gaps"), ("/categories", "Categories (workflows)", "25-categories"),
        })
        {
            await page.GotoAsync(path);
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = heading, Exact = true, Level = 1 })).ToBeVisibleAsync();
            await PageChecks.AssertAccessibleAsync(page, path);
            await PageChecks.ScreenshotAsync(page, shot);
        }
        await page.GotoAsync("/reports");
        await Assertions.Expect(page.Locator("#link-rate-caption ~ svg[role=img]")).ToBeVisibleAsync();

        await page.SetViewportSizeAsync(375, 800);
        await page.GotoAsync("/reports");
        await PageChecks.AssertAccessibleAsync(page, "reports on a phone");
        await PageChecks.ScreenshotAsync(page, "26-reports-phone");
    }

    /// <summary>
    /// A Validated MFA article (category review interval 90 days) created 100 days ago and never reviewed: only "review
    /// due" holds, so confirming it takes it out of the queue. <paramref name="owner"/> is an account's e-mail.
    /// (tests/KnowledgeBase.Web.Tests/Reports/StaleArticles.cs does the same.)
    /// </summary>
    private static async Task<string> ReviewDueAsync(IDbContextFactory<KnowledgeBaseDbContext> factory, string owner, string title)
    {
        var article = await new ArticleStore(factory, TimeProvider.System).CreateAsync(new Actor("test-admin", KcsRole.Admin), null, new ArticleEdit
        {
            Title = title, Body = "## Issue\nNo prompt.\n\n## Resolution\nRe-register the app.", State = KcsState.Validated, Categories = ["identity-mfa"], Owner = owner,
        });
        var created = DateTime.UtcNow.AddDays(-100);
        await using var db = await factory.CreateDbContextAsync();
        await db.Articles.Where(a => a.Id == article.Id).ExecuteUpdateAsync(s => s
            .SetProperty(a => a.CreatedAt, created).SetProperty(a => a.LastReviewedAt, (DateTime?)null).SetProperty(a => a.ReviewDueAt, created.AddDays(90)));
        return article.Id;
    }
}
