using System.Text.RegularExpressions;
using KnowledgeBase.Core.Lifecycle;
using Microsoft.Playwright;

namespace KnowledgeBase.Browser.Tests;

/// <summary>
/// Every form says its outcome next to what it is about — a field's problem under the field, the form's outcome under
/// its button — announced (role=alert for a failure) and with the focus on the first problem, in view; a refused form
/// keeps what was typed.
/// </summary>
public sealed class FormMessageTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_refused_sign_in_is_said_under_the_button_and_the_password_gets_the_focus()
    {
        await fixture.Site.CreateUserAsync("forms-sign-in@test.local", KcsRole.Candidate);
        var context = await fixture.Browser.NewContextAsync(new() { BaseURL = fixture.BaseUrl });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/login");
        await page.GetByLabel("Email").FillAsync("forms-sign-in@test.local");
        await page.GetByLabel("Password").FillAsync("not-the-password");
        var signIn = page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true });
        await signIn.ClickAsync();

        var outcome = page.Locator("#login-outcome");
        // The same answer for an unknown e-mail, a wrong password and a locked account (issue #14.9), with the lockout explained.
        await Assertions.Expect(outcome).ToContainTextAsync("Wrong email or password.");
        await Assertions.Expect(outcome).ToContainTextAsync("account is locked for 15 minutes");
        await Assertions.Expect(outcome).ToHaveAttributeAsync("role", "alert");
        await PageChecks.AssertJustBelowAsync(signIn, outcome);
        await Assertions.Expect(page.GetByLabel("Password")).ToBeFocusedAsync();
        await Assertions.Expect(page.GetByLabel("Password")).ToHaveAttributeAsync("aria-describedby", "login-outcome");
        await Assertions.Expect(page.GetByLabel("Email")).ToHaveValueAsync("forms-sign-in@test.local");

        // A field's own problem is said under it, and that field gets the focus.
        await page.GetByLabel("Email").FillAsync("not an address");
        await signIn.ClickAsync();
        await Assertions.Expect(page.Locator("#login-email-error")).ToContainTextAsync("not a valid e-mail address");
        await Assertions.Expect(page.GetByLabel("Email")).ToBeFocusedAsync();
        await PageChecks.AssertAccessibleAsync(page, "sign-in with a problem");
        await context.DisposeAsync();
    }

    [Fact]
    public async Task Setup_says_each_problem_under_its_field_and_what_the_server_refuses_under_the_button()
    {
        await using var site = new KnowledgeBase.Web.Tests.KnowledgeBaseSite();
        var context = await fixture.Browser.NewContextAsync(new() { BaseURL = site.ServerAddress.ToString() });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/setup");
        await page.GetByLabel("Email").FillAsync("first-admin@test.local");
        await page.GetByLabel("Password (at least 12 characters").FillAsync("Long-enough-password-1");
        await page.GetByLabel("Repeat the password").FillAsync("Another-password-2");
        var create = page.GetByRole(AriaRole.Button, new() { Name = "Create administrator" });
        await create.ClickAsync();
        await Assertions.Expect(page.Locator("#setup-confirm-error")).ToHaveTextAsync("The passwords differ.");
        await Assertions.Expect(page.GetByLabel("Repeat the password")).ToBeFocusedAsync();

        // Long enough for the form, but the account rules want a digit: the server says so under the button.
        await page.GetByLabel("Password (at least 12 characters").FillAsync("No-digits-in-this-one");
        await page.GetByLabel("Repeat the password").FillAsync("No-digits-in-this-one");
        await create.ClickAsync();
        var outcome = page.Locator("#setup-outcome");
        await Assertions.Expect(outcome).ToContainTextAsync("digit");
        await Assertions.Expect(outcome).ToHaveAttributeAsync("role", "alert");
        await Assertions.Expect(outcome).ToBeFocusedAsync();
        await PageChecks.AssertJustBelowAsync(create, outcome);
        await Assertions.Expect(page.GetByLabel("Email")).ToHaveValueAsync("first-admin@test.local");
        await context.DisposeAsync();
    }

    [Fact]
    public async Task A_user_the_server_refuses_is_said_under_add_user_with_the_form_filled_in_again()
    {
        var page = await fixture.SignedInPageAsync(KcsRole.Admin, width: 390, height: 844);
        await page.GotoAsync("/admin/users");
        var form = page.Locator("form[action='admin/users/create']");
        await form.GetByLabel("Email").FillAsync("new-coach@test.local");
        await form.GetByLabel("Initial password").FillAsync("nodigitsorcaps");
        await form.GetByLabel("Role").SelectOptionAsync("Coach");
        var add = page.GetByRole(AriaRole.Button, new() { Name = "Add user" });
        await add.ClickAsync();

        var outcome = page.Locator("#create-outcome");
        await Assertions.Expect(outcome).ToContainTextAsync("Not added:");
        await Assertions.Expect(outcome).ToContainTextAsync("Type the password again.");
        await Assertions.Expect(outcome).ToHaveAttributeAsync("role", "alert");
        await PageChecks.AssertJustBelowAsync(add, outcome);
        await Assertions.Expect(outcome).ToBeInViewportAsync();
        await Assertions.Expect(form.GetByLabel("Initial password")).ToBeFocusedAsync();
        await Assertions.Expect(form.GetByLabel("Email")).ToHaveValueAsync("new-coach@test.local");
        await Assertions.Expect(form.GetByLabel("Role")).ToHaveValueAsync("Coach");
        await PageChecks.ScreenshotAsync(page, "53-phone-add-user-refused");

        await form.GetByLabel("Initial password").FillAsync("Good-password-2026");
        await add.ClickAsync();
        await Assertions.Expect(page.Locator("#create-outcome")).ToHaveTextAsync("Created new-coach@test.local as Coach.");
        await Assertions.Expect(page.Locator("#create-outcome")).ToBeInViewportAsync();
    }

    [Fact]
    public async Task The_reason_for_a_refusal_comes_into_view_with_the_field_it_asks_to_fix_wherever_the_browser_scrolled_to_the_field()
    {
        var page = await fixture.SignedInPageAsync(KcsRole.Admin, width: 390, height: 844);
        await page.GotoAsync("/admin/users?message=" + Uri.EscapeDataString("Not added: Passwords must have at least one digit. Type the password again.")
            + "&at=create&failed=true&email=late-focus%40test.local&role=Coach");
        var field = page.Locator("form[action='admin/users/create']").GetByLabel("Initial password");
        await Assertions.Expect(field).ToBeFocusedAsync();

        // Under load the browser's autofocus was seen to leave the field at the foot of the screen and the reason under
        // the button out of sight (the focus came while the page was still being laid out). The same focus, arriving
        // with the field just in view, must still show the reason.
        await page.EvaluateAsync("""
            () => {
                const f = document.querySelector('[autofocus]');
                f.blur();
                window.scrollTo(0, window.scrollY + f.getBoundingClientRect().bottom - window.innerHeight + 2);
                f.focus({ preventScroll: true });
            }
            """);

        await Assertions.Expect(field).ToBeInViewportAsync();
        await Assertions.Expect(page.Locator("#create-outcome")).ToBeInViewportAsync(new() { Ratio = 1 });
    }

    [Fact]
    public async Task An_api_key_without_scopes_is_refused_under_the_scopes_and_a_new_key_is_shown_under_its_button()
    {
        var page = await fixture.SignedInPageAsync(KcsRole.Admin);
        await page.GotoAsync("/admin/api-keys");
        await page.GetByLabel("Name (no spaces").FillAsync("psa-forms-test");
        var create = page.GetByRole(AriaRole.Button, new() { Name = "Create key" });
        await create.ClickAsync();

        await Assertions.Expect(page.Locator("#key-scopes-error")).ToContainTextAsync("At least one scope");
        await Assertions.Expect(page.Locator("#key-scopes")).ToBeFocusedAsync();
        await Assertions.Expect(page.Locator("#key-scopes")).ToHaveAttributeAsync("aria-describedby", "key-scopes-error");
        await Assertions.Expect(page.Locator("#key-outcome")).ToContainTextAsync("Not created: At least one scope");
        await Assertions.Expect(page.GetByLabel("Name (no spaces")).ToHaveValueAsync("psa-forms-test");

        await page.GetByLabel("kb.read", new() { Exact = true }).CheckAsync();
        await page.GetByLabel("Name (no spaces").FillAsync("psa-forms-test");
        await create.ClickAsync();
        var outcome = page.Locator("#key-outcome");
        await Assertions.Expect(outcome).ToContainTextAsync("Key psa-forms-test created. Copy it now");
        await Assertions.Expect(outcome.Locator("code")).ToHaveTextAsync(new Regex("^kb_live_"));
        await Assertions.Expect(outcome).ToBeFocusedAsync();
        await Assertions.Expect(outcome).ToBeInViewportAsync();
        await PageChecks.AssertJustBelowAsync(create, outcome);
        await PageChecks.AssertAccessibleAsync(page, "api keys with a new key");
    }

    [Fact]
    public async Task A_refused_category_is_said_under_its_form_which_keeps_what_was_typed()
    {
        var page = await fixture.SignedInPageAsync(KcsRole.KnowledgeDomainExpert);
        await page.GotoAsync("/categories");
        // (The form has an input named "id", which shadows form.id: Playwright cannot describe the form itself.)
        await page.Locator("#new-category-name").FillAsync("Identity again");
        await page.Locator("#new-category-id").FillAsync("identity");
        await page.Locator("#new-category-owner").FillAsync("identity-team");
        await page.Locator("#new-category-description").FillAsync("Typed by hand, not to be lost.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add category" }).ClickAsync();

        var outcome = page.Locator("#add-category-outcome");
        await Assertions.Expect(outcome).ToContainTextAsync("Not added:");
        await Assertions.Expect(outcome).ToBeFocusedAsync();
        await Assertions.Expect(outcome).ToBeInViewportAsync();
        await Assertions.Expect(page.Locator("#categories-outcome")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#new-category-name")).ToHaveValueAsync("Identity again");
        await Assertions.Expect(page.Locator("#new-category-description")).ToHaveValueAsync("Typed by hand, not to be lost.");
        await PageChecks.AssertJustBelowAsync(page.GetByRole(AriaRole.Button, new() { Name = "Add category" }), outcome);
    }

    [Fact]
    public async Task A_flag_is_confirmed_under_the_flag_form()
    {
        var page = await fixture.SignedInPageAsync(KcsRole.Candidate);
        await page.GotoAsync("/articles/kb-1015");
        await page.GetByLabel("What is wrong?").SelectOptionAsync("Outdated");
        await page.GetByLabel("Comment").FillAsync("The menu moved in the new version.");
        var flag = page.GetByRole(AriaRole.Button, new() { Name = "Flag it" });
        await flag.ClickAsync();

        var outcome = page.Locator("#flag-outcome");
        await Assertions.Expect(outcome).ToHaveTextAsync("Thanks: the flag is in the owner's review queue.");
        await Assertions.Expect(outcome).ToHaveAttributeAsync("role", "status");
        await Assertions.Expect(outcome).ToBeInViewportAsync();
        await PageChecks.AssertJustBelowAsync(flag, outcome);
    }
}
