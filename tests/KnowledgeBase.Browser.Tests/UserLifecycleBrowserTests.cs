using KnowledgeBase.Core.Lifecycle;
using KnowledgeBase.Web.Identity;
using KnowledgeBase.Web.Tests;
using Microsoft.Playwright;

namespace KnowledgeBase.Browser.Tests;

/// <summary>
/// A disabled user's open page (a live Blazor circuit, which never sends the cookie again) loses its session, and the
/// user cannot sign in again (issue #16.4). The validation interval is short here so the test sees it pass; the site's
/// default is a minute.
/// </summary>
public sealed class UserLifecycleBrowserTests : IAsyncLifetime
{
    private readonly BrowserFixture _browser = new(new KnowledgeBaseSite(new Dictionary<string, string?>
    {
        ["Identity:SecurityStampValidationSeconds"] = "2",
    }));

    public Task InitializeAsync() => _browser.InitializeAsync();

    public Task DisposeAsync() => _browser.DisposeAsync();

    [Theory]
    [InlineData(1366)]
    [InlineData(390)]
    public async Task A_disabled_users_open_search_page_loses_its_session_and_they_cannot_sign_in_again(int width)
    {
        var email = $"leaver-{width}@test.local";
        await _browser.Site.CreateUserAsync(email, KcsRole.Contributor);
        var leaver = await _browser.SignInAsync(email, width, width > 800 ? 900 : 844);
        await BrowserFixture.GotoInteractiveAsync(leaver, "/");
        await Assertions.Expect(leaver.GetByLabel("Search articles")).ToBeVisibleAsync();

        // The Admin disables the account on the users page, in a browser of their own.
        var admin = await _browser.SignedInPageAsync(KcsRole.Admin, width, width > 800 ? 900 : 844);
        await admin.GotoAsync("/admin/users");
        await admin.GetByRole(AriaRole.Button, new() { Name = $"Disable {email}", Exact = true }).ClickAsync();
        await Assertions.Expect(admin.GetByText($"{email} is disabled: they cannot sign in")).ToBeVisibleAsync();
        await PageChecks.ScreenshotAsync(admin, $"lifecycle-admin-disabled-{width}");

        // The leaver's page, untouched since, is sent to sign in by its own circuit.
        await Assertions.Expect(leaver).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login"), new() { Timeout = 60_000 });

        await leaver.GetByLabel("Email").FillAsync(email);
        await leaver.GetByLabel("Password").FillAsync(KnowledgeBaseSite.Password);
        await leaver.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await Assertions.Expect(leaver.GetByText(PasswordSignIn.Disabled)).ToBeVisibleAsync();
        Assert.Contains("/account/login", leaver.Url, StringComparison.Ordinal);
        await PageChecks.ScreenshotAsync(leaver, $"lifecycle-disabled-sign-in-{width}");
    }
}
