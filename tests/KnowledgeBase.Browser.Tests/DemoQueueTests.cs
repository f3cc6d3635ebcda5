using KnowledgeBase.Core.Lifecycle;
using KnowledgeBase.Data.DemoData;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace KnowledgeBase.Browser.Tests;

/// <summary>
/// A newcomer's queue is not empty (issue #16): after <c>demo-data</c>, every role's account — as the Development demo
/// users and the walk script's accounts are — opens "Review queue" in the header and finds work of its own.
/// </summary>
public sealed class DemoQueueTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    public static TheoryData<KcsRole> Roles => new(Enum.GetValues<KcsRole>());

    private static readonly SemaphoreSlim Once = new(1, 1);
    private static bool _generated;

    private static string Email(KcsRole role) => $"{role.ToString().ToLowerInvariant()}@demo.local";

    /// <summary>The accounts first, as on a new site, then the demo data (once for the class).</summary>
    private async Task EnsureDemoAsync()
    {
        await Once.WaitAsync();
        try
        {
            if (_generated) return;
            foreach (var role in Enum.GetValues<KcsRole>()) await fixture.Site.CreateUserAsync(Email(role), role);
            await fixture.Site.Services.GetRequiredService<DemoDataGenerator>().GenerateAsync(new DemoDataOptions { Seed = 3, Now = DateTime.UtcNow.Date, Replace = true });
            _generated = true;
        }
        finally
        {
            Once.Release();
        }
    }

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task Every_role_reaches_a_review_queue_of_its_own_with_work_in_it(KcsRole role)
    {
        await EnsureDemoAsync();
        var page = await fixture.SignInAsync(Email(role));

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Review queue" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your review queue", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("li.queue-item").First).ToBeVisibleAsync();
        Assert.True(await page.Locator("li.queue-item").CountAsync() > 0);
        await Assertions.Expect(page.Locator(".empty-queue")).ToHaveCountAsync(0);
        await PageChecks.ScreenshotAsync(page, $"27-demo-queue-{role.ToString().ToLowerInvariant()}");
        await page.Context.CloseAsync();
    }
}
