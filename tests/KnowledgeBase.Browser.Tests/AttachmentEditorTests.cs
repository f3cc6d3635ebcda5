using KnowledgeBase.Core.Lifecycle;
using KnowledgeBase.Data.Attachments;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace KnowledgeBase.Browser.Tests;

/// <summary>
/// Pictures and files in the editor, in real Chromium: a pasted screenshot is uploaded, its Markdown lands at the cursor,
/// the preview shows the image at once and the saved page shows it too; a dropped file becomes a link; a file too large
/// or of a refused type is said under the text box and nothing is added.
/// </summary>
public sealed class AttachmentEditorTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    /// <summary>A 60 × 30 red PNG.</summary>
    private const string RedPng = "iVBORw0KGgoAAAANSUhEUgAAADwAAAAeCAIAAAD/+uoYAAAAOUlEQVR4nO3OAQkAIBAAsU/y/aMYyxieMFiAzdn9zjwfSIdJS0sHSEtLB0hLSwdIS0sHSEtLB3yZvlBxJIoUXr6VAAAAAElFTkSuQmCC";

    /// <summary>Dispatches a paste (or a drop) of one file on the text box, as the browser does for a screenshot on the clipboard.</summary>
    private static Task DispatchFileAsync(IPage page, string eventName, string base64, string name, string type, int padTo = 0) =>
        page.EvaluateAsync("""
            ([eventName, base64, name, type, padTo]) => {
                const bytes = Uint8Array.from(atob(base64), c => c.charCodeAt(0));
                const content = padTo > bytes.length ? (() => { const big = new Uint8Array(padTo); big.set(bytes); return big; })() : bytes;
                const data = new DataTransfer();
                data.items.add(new File([content], name, { type }));
                const box = document.getElementById("editor-body");
                const event = eventName === "paste"
                    ? new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true })
                    : new DragEvent("drop", { dataTransfer: data, bubbles: true, cancelable: true });
                box.dispatchEvent(event);
            }
            """, new object[] { eventName, base64, name, type, padTo });

    private static async Task<ILocator> OpenNewArticleAsync(IPage page)
    {
        await BrowserFixture.GotoInteractiveAsync(page, "/articles/new");
        var body = page.GetByLabel("Article (Markdown)");
        await Assertions.Expect(body).ToBeEnabledAsync();
        return body;
    }

    [Fact]
    public async Task A_pasted_screenshot_shows_in_the_preview_at_once_and_on_the_saved_page()
    {
        var page = await fixture.SignedInPageAsync(KcsRole.Contributor);
        var body = await OpenNewArticleAsync(page);
        await page.GetByLabel("Title (main issue + main environment)").FillAsync("Outlook shows 'Need password' after the MFA roll-out");
        await body.FillAsync("## Issue\nOutlook shows this banner:\n\n## Resolution\nSign in again from the banner.\n");
        // The cursor after "banner:\n" — the screenshot goes there.
        await body.EvaluateAsync("box => { const at = box.value.indexOf('banner:') + 'banner:'.length + 1; box.setSelectionRange(at, at); }");

        await DispatchFileAsync(page, "paste", RedPng, "image.png", "image/png");

        await Assertions.Expect(page.Locator("#editor-attach-status")).ToContainTextAsync("it shows in the preview");
        await Assertions.Expect(body).ToHaveValueAsync(new System.Text.RegularExpressions.Regex(
            @"banner:\n\n!\[screenshot-\d{4}-\d\d-\d\d-\d{6}\]\(/attachments/[0-9a-f]{64}/screenshot-[0-9-]+\.png\)\n\n## Resolution"));
        var preview = page.Locator(".preview img[src^='/attachments/']");
        await Assertions.Expect(preview).ToBeVisibleAsync();
        // Loaded, not a broken image: the editor's author may see a file not yet saved into an article.
        await page.WaitForFunctionAsync("() => document.querySelector(\".preview img[src^='/attachments/']\")?.naturalWidth === 60");
        await PageChecks.ScreenshotAsync(page, "60-editor-pasted-screenshot");

        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Outlook shows 'Need password' after the MFA roll-out");
        await Assertions.Expect(page.Locator(".article-body img[src^='/attachments/']")).ToBeVisibleAsync();
        await page.WaitForFunctionAsync("() => document.querySelector(\".article-body img[src^='/attachments/']\")?.naturalWidth === 60");
        await PageChecks.ScreenshotAsync(page, "61-article-with-screenshot");
    }

    [Fact]
    public async Task A_dropped_text_file_becomes_a_download_link_at_the_cursor()
    {
        var page = await fixture.SignedInPageAsync(KcsRole.Contributor);
        var body = await OpenNewArticleAsync(page);
        await body.FillAsync("## Resolution\nRun the script:\n");
        await body.EvaluateAsync("box => box.setSelectionRange(box.value.length, box.value.length)");

        await DispatchFileAsync(page, "drop", Convert.ToBase64String("Get-Mailbox | Set-CASMailbox -SmtpClientAuthenticationDisabled $false\n"u8.ToArray()), "fix-smtp.ps1", "");

        await Assertions.Expect(page.Locator("#editor-attach-status")).ToHaveTextAsync("Added a link to “fix-smtp.ps1” to the text.");
        await Assertions.Expect(body).ToHaveValueAsync(new System.Text.RegularExpressions.Regex(@"Run the script:\n\n\[fix-smtp\.ps1\]\(/attachments/[0-9a-f]{64}/fix-smtp\.ps1\)\n$"));
        await Assertions.Expect(page.Locator(".preview a[href$='/fix-smtp.ps1']")).ToHaveTextAsync("fix-smtp.ps1");
    }

    [Fact]
    public async Task A_file_too_large_or_of_a_refused_type_is_said_under_the_text_and_nothing_is_added()
    {
        var page = await fixture.SignedInPageAsync(KcsRole.Contributor);
        var body = await OpenNewArticleAsync(page);
        var before = await body.InputValueAsync();

        await DispatchFileAsync(page, "drop", RedPng, "whole-screen.png", "image/png", padTo: 10 * 1024 * 1024 + 1);
        var error = page.Locator("#editor-attach-error");
        await Assertions.Expect(error).ToHaveTextAsync("“whole-screen.png” is larger than 10 MB, the most one file may be. Nothing was added.");

        await page.Locator("#editor-attach-input").SetInputFilesAsync(new FilePayload
        {
            Name = "setup.png", MimeType = "image/png", Buffer = [(byte)'M', (byte)'Z', 0x90, 0x00, 0x03, 0x00],
        });
        await Assertions.Expect(error).ToContainTextAsync("“setup.png” was not stored. Programs (Windows executables) are not accepted.");
        await Assertions.Expect(body).ToHaveValueAsync(before);
        await PageChecks.AssertAccessibleAsync(page, "editor with a refused upload");
        await PageChecks.ScreenshotAsync(page, "62-editor-refused-file");
    }

    [Fact]
    public async Task Hostile_files_never_run_script_in_the_browser()
    {
        var files = fixture.Site.Services.GetRequiredService<AttachmentStore>();
        var svg = await files.StoreAsync(new MemoryStream("<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'><script>alert(2)</script></svg>"u8.ToArray()), "diagram.svg", "test");
        var html = await files.StoreAsync(new MemoryStream("<!doctype html><script>alert(3)</script>"u8.ToArray()), "page.html", "test");
        // A GIF header that is also valid JavaScript: as a script of the site's own origin (which the site's CSP allows)
        // it would run, were it not served as image/gif with nosniff.
        var polyglot = await files.StoreAsync(new MemoryStream("GIF89a=1;window.__polyglotRan=true;//"u8.ToArray()), "pixel.gif", "test");
        var page = await fixture.SignedInPageAsync(KcsRole.Contributor);
        var dialogs = new List<string>();
        page.Dialog += (_, dialog) => { dialogs.Add(dialog.Message); _ = dialog.DismissAsync(); };
        await page.GotoAsync("/articles/kb-1015");

        var outcome = await page.EvaluateAsync<string>("""
            url => new Promise(resolve => {
                const script = document.createElement("script");
                script.src = url;
                script.onload = () => resolve(window.__polyglotRan ? "ran" : "loaded without running");
                script.onerror = () => resolve("refused");
                document.head.appendChild(script);
            })
            """, polyglot.Url);
        Assert.Equal("refused", outcome);

        foreach (var (file, name) in new[] { (svg, "diagram.svg"), (html, "page.html.txt") })
        {
            var download = await page.RunAndWaitForDownloadAsync(async () =>
            {
                try { await page.GotoAsync(file.Url); }
                catch (PlaywrightException) { /* "Download is starting": the browser saves it instead of showing it */ }
            });
            Assert.Equal(name, download.SuggestedFilename);
        }
        Assert.Empty(dialogs);
    }

    [Fact]
    public async Task On_a_phone_the_pasted_screenshot_fits_the_preview_and_nothing_scrolls_sideways()
    {
        var page = await fixture.SignedInPageAsync(KcsRole.Contributor, width: 390, height: 844);
        var body = await OpenNewArticleAsync(page);
        await body.EvaluateAsync("box => box.setSelectionRange(box.value.indexOf('## Environment'), box.value.indexOf('## Environment'))");
        await DispatchFileAsync(page, "paste", RedPng, "image.png", "image/png");

        await page.WaitForFunctionAsync("() => document.querySelector(\".preview img[src^='/attachments/']\")?.naturalWidth === 60");
        await Assertions.Expect(page.Locator("#editor-attach-status")).ToContainTextAsync("it shows in the preview");
        Assert.False(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1"), "the editor scrolls sideways at 390 px");
        await PageChecks.ScreenshotAsync(page, "63-editor-phone-screenshot");
    }
}
