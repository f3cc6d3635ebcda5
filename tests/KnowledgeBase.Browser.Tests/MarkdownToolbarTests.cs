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

    [Fact]
    public async Task The_kcs_section_buttons_insert_each_heading_on_a_line_of_its_own()
    {
        var page = await fixture.SignedInPageAsync(KcsRole.Contributor);
        await BrowserFixture.GotoInteractiveAsync(page, "/articles/new");
        var box = page.GetByLabel("Article (Markdown)");
        await Assertions.Expect(box).ToBeEnabledAsync();
        await box.FillAsync("");
        var sections = page.GetByRole(AriaRole.Group, new() { Name = "KCS sections" });

        await sections.GetByRole(AriaRole.Button, new() { Name = "Issue section" }).ClickAsync();
        await box.PressSequentiallyAsync("Scans to e-mail fail with SMTP 535.");
        await sections.GetByRole(AriaRole.Button, new() { Name = "Resolution section" }).ClickAsync();
        await box.PressSequentiallyAsync("Create an app password.");

        await Assertions.Expect(box).ToHaveValueAsync("## Issue\nScans to e-mail fail with SMTP 535.\n\n## Resolution\nCreate an app password.");
        await Assertions.Expect(page.Locator(".preview h2")).ToHaveTextAsync(["Issue", "Resolution"]);
    }

    /// <summary>Dispatches a paste of the given clipboard types into the box; true when the page let the browser paste it as usual.</summary>
    private static Task<bool> PasteAsync(ILocator box, string html, string plain) =>
        box.EvaluateAsync<bool>("""
            (box, [html, plain]) => {
              box.focus();
              const data = new DataTransfer();
              data.setData("text/html", html);
              data.setData("text/plain", plain);
              return box.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
            }
            """, new[] { html, plain });

    [Fact]
    public async Task Html_pasted_from_a_web_page_or_word_becomes_markdown_and_says_what_was_left_out()
    {
        var page = await fixture.SignedInPageAsync(KcsRole.Contributor);
        await BrowserFixture.GotoInteractiveAsync(page, "/articles/new");
        var box = page.GetByLabel("Article (Markdown)");
        await Assertions.Expect(box).ToBeEnabledAsync();
        // The converter loads beside the toolbar; a paste before it arrives is an ordinary paste.
        await page.WaitForFunctionAsync("() => performance.getEntriesByType('resource').some(r => r.name.includes('turndown-plugin-gfm'))");
        await box.FillAsync("");

        // A web page: headings, bold, a list, a link and a table.
        var web = "<h2>Resolution</h2><p>Restart the <strong>Print Spooler</strong> service.</p><ul><li>Open services.msc</li><li>Restart it</li></ul>"
            + "<p>See <a href=\"https://learn.microsoft.com/troubleshoot\">Microsoft Learn</a>.</p>"
            + "<table><thead><tr><th>Error</th><th>Fix</th></tr></thead><tbody><tr><td>0x0000011b</td><td>KB5005565</td></tr></tbody></table>";
        Assert.False(await PasteAsync(box, web, "Resolution Restart the Print Spooler service."), "the page should have pasted the HTML as Markdown itself");
        await Assertions.Expect(box).ToHaveValueAsync(
            "## Resolution\n\nRestart the **Print Spooler** service.\n\n-   Open services.msc\n-   Restart it\n\nSee [Microsoft Learn](https://learn.microsoft.com/troubleshoot).\n\n| Error | Fix |\n| --- | --- |\n| 0x0000011b | KB5005565 |");
        await Assertions.Expect(page.Locator(".preview table td").First).ToHaveTextAsync("0x0000011b");
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Pasted as Markdown" })).ToContainTextAsync("Ctrl+Z undoes it");

        // Word: list paragraphs carrying their bullet as text, Office tags, a style sheet, and a picture only inside the document.
        await box.FillAsync("");
        var word = "<html><head><style>p.MsoNormal{margin:0}</style></head><body><!--StartFragment-->"
            + "<p class=MsoNormal><b>Outlook keeps asking for the password</b><o:p></o:p></p>"
            + "<p class=MsoListParagraphCxSpFirst style='text-indent:-18pt'><span style='font-family:Symbol'>·<span style='font:7pt'>&nbsp;&nbsp;</span></span>Clear the cached credentials<o:p></o:p></p>"
            + "<p class=MsoListParagraphCxSpLast style='text-indent:-18pt'><span style='font-family:Symbol'>·<span style='font:7pt'>&nbsp;&nbsp;</span></span>Sign in again<o:p></o:p></p>"
            + "<p class=MsoNormal><img width=200 src=\"file:///C:/Users/x/AppData/Local/Temp/msohtmlclip1/01/clip_image001.png\"></p><!--EndFragment--></body></html>";
        Assert.False(await PasteAsync(box, word, "Outlook keeps asking for the password"));
        await Assertions.Expect(box).ToHaveValueAsync("**Outlook keeps asking for the password**\n\n- Clear the cached credentials\n- Sign in again");
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Pasted as Markdown" })).ToContainTextAsync("1 picture was left out");

        // Google Docs wraps the copy in a bold tag that is not bold.
        await box.FillAsync("");
        Assert.False(await PasteAsync(box, "<b style=\"font-weight:normal;\" id=\"docs-internal-guid-1\"><p><span>Reboot the printer.</span></p></b>", "Reboot the printer."));
        await Assertions.Expect(box).ToHaveValueAsync("Reboot the printer.");

        // A code editor's coloured text is pasted as the plain text it is.
        await box.FillAsync("");
        Assert.True(await PasteAsync(box, "<div><span style=\"color:#569cd6\">Get-Service</span> <span>Spooler</span></div>", "Get-Service Spooler"));
        await PageChecks.AssertAccessibleAsync(page, "editor after a paste");
    }
}
