using System.Text;
using System.Text.RegularExpressions;
using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Lifecycle;
using KnowledgeBase.Data;
using KnowledgeBase.Data.Articles;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace KnowledgeBase.Browser.Tests;

/// <summary>
/// Long articles in real Chromium: the text stays in the browser while the user types (nothing the page sends is over
/// the circuit's 32 KB message cap), is saved exactly, and is never lost when a save fails — it is said next to Save
/// and the local draft brings the text back after a reload.
/// </summary>
public sealed class LongArticleEditorTests(BrowserFixture fixture, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    private const int CircuitMessageCap = 32 * 1024;
    private static readonly Actor Author = new("test-author@test.local", KcsRole.Admin);

    [Fact]
    public async Task A_200_KB_article_is_typed_in_previewed_saved_and_read_back_exactly()
    {
        var original = LongBody(200_000);
        var article = await CreateAsync("Mailbox export stops at large mailboxes — Exchange Online", original);
        var page = await fixture.SignedInPageAsync(KcsRole.Contributor);
        var sent = RecordFramesSent(page);
        await BrowserFixture.GotoInteractiveAsync(page, $"/articles/{article.Id}/edit");
        var body = page.GetByLabel("Article (Markdown)");
        await Assertions.Expect(body).ToBeEditableAsync();
        Assert.Equal(original.Length, await body.EvaluateAsync<int>("el => el.value.length"));

        const string typed = "\nTyped at the end of a long article 4417.";
        await body.EvaluateAsync("el => { el.focus(); el.setSelectionRange(el.value.length, el.value.length); }");
        await page.Keyboard.TypeAsync(typed);
        await Assertions.Expect(page.Locator(".preview")).ToContainTextAsync("Typed at the end of a long article 4417.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/articles/{article.Id}$"));
        await Assertions.Expect(page.Locator(".article-meta")).ToContainTextAsync((article.Version + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));

        var stored = await Store.FindAsync(article.Id);
        Assert.Equal(article.Version + 1, stored!.Version);
        Assert.Equal(original + typed, stored.Body);
        lock (sent) Assert.True(sent.Max() <= CircuitMessageCap, $"the page sent a {sent.Max():N0}-byte message; the circuit drops anything over {CircuitMessageCap:N0}");
        await Assertions.Expect(page.Locator("#components-reconnect-modal")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task An_article_at_the_limit_opens_previews_shows_a_conflict_side_by_side_and_saves_on_top_of_it()
    {
        var original = LongBody(ArticleEdit.MaxBodyLength - 400);
        original += new string('.', ArticleEdit.MaxBodyLength - 61 - original.Length) + "\n";
        var article = await CreateAsync("Event log full of 4625 entries — Windows Server 2022", original);
        var page = await fixture.SignedInPageAsync(KcsRole.Contributor);
        var sent = RecordFramesSent(page);
        var received = RecordFramesReceived(page);
        await BrowserFixture.GotoInteractiveAsync(page, $"/articles/{article.Id}/edit");
        var body = page.GetByLabel("Article (Markdown)");
        await Assertions.Expect(body).ToBeEditableAsync();
        await ExpectTextAsync(page, original);

        // Someone else saves meanwhile.
        var theirs = original.Replace("## Environment\n", "## Environment\nAlso seen on Windows Server 2019.\n", StringComparison.Ordinal);
        await Store.UpdateAsync(Author, article.Id, article.Version, new ArticleEdit { Title = article.Title, Body = theirs, State = article.State });

        const string typed = "Audit policy 4625 flood 6610. ";
        await body.EvaluateAsync("el => { el.focus(); el.setSelectionRange(0, 0); }");
        await page.Keyboard.TypeAsync(typed);
        // Rendering half a megabyte of Markdown takes seconds on a loaded machine, and a pause mid-typing may send one
        // preview before the last: wait for the text, however long that takes.
        await Assertions.Expect(page.Locator(".preview")).ToContainTextAsync("Audit policy 4625 flood 6610.", new() { Timeout = 90_000 });
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        var conflict = page.GetByRole(AriaRole.Region, new() { Name = "Someone saved a newer version" });
        await Assertions.Expect(conflict).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#conflict-heading")).ToBeFocusedAsync();
        await Assertions.Expect(page.Locator("#editor-save-alert")).ToContainTextAsync($"Not saved: version {article.Version + 1} was saved by {Author.Name}");
        await Assertions.Expect(conflict.Locator("pre").First).ToContainTextAsync("Audit policy 4625 flood 6610.");
        await Assertions.Expect(conflict.Locator("pre").Last).ToContainTextAsync("Also seen on Windows Server 2019.");

        await page.GetByRole(AriaRole.Button, new() { Name = "Keep my text on top of version" }).ClickAsync();
        await Assertions.Expect(page.Locator("#editor-save-status")).ToContainTextAsync($"Your text now sits on top of version {article.Version + 1}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/articles/{article.Id}$"));
        var stored = await Store.FindAsync(article.Id);
        Assert.Equal(article.Version + 2, stored!.Version);
        Assert.Equal(typed + original, stored.Body);
        lock (sent) Assert.True(sent.Max() <= CircuitMessageCap, $"the page sent a {sent.Max():N0}-byte message");
        // The other way (server to browser) has no such cap: the preview and the conflict's two texts arrive as render batches.
        lock (received) output.WriteLine($"largest message sent {sent.Max():N0} bytes, largest received {received.Max():N0} bytes ({received.Count} messages)");
    }

    [Fact]
    public async Task A_body_over_the_limit_is_refused_before_anything_is_sent_and_comes_back_after_a_reload()
    {
        var page = await fixture.SignedInPageAsync(KcsRole.Contributor);
        var sent = RecordFramesSent(page);
        await BrowserFixture.GotoInteractiveAsync(page, "/articles/new");
        await page.GetByLabel("Title (main issue + main environment)").FillAsync("Pasted log far over the limit 5521");
        await page.Locator("#editor-clients").FillAsync("Contoso; Fabrikam, Inc.");
        var tooLong = "## Issue\n" + new string('x', ArticleEdit.MaxBodyLength + 1 - 9);
        Assert.Equal(ArticleEdit.MaxBodyLength + 1, tooLong.Length);
        var body = page.GetByLabel("Article (Markdown)");
        await body.FillAsync(tooLong);

        // Said under the box as soon as the text is there, before any save.
        await Assertions.Expect(page.Locator("#editor-body-limit")).ToContainTextAsync("the limit is 500,000");
        await Assertions.Expect(page.Locator("#editor-body-limit")).ToContainTextAsync("Shorten it by 1 character");
        await Assertions.Expect(page.Locator("#editor-preview-note")).ToContainTextAsync("The preview is paused");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        var alert = page.Locator("#editor-save-alert");
        await Assertions.Expect(alert).ToContainTextAsync("Not saved: the article is 1 character over the 500,000-character limit. Nothing was sent");
        await Assertions.Expect(body).ToBeFocusedAsync();
        await PageChecks.ScreenshotAsync(page, "23-editor-over-the-limit");
        lock (sent) Assert.True(sent.Max() < 4096, $"a {sent.Max():N0}-byte message was sent: the text over the limit must not be");
        Assert.False(await AnyArticleTitledAsync("Pasted log far over the limit 5521"));

        // Nothing lost: a reload offers the local draft, which brings the exact text back.
        await ReloadAsync(page, "/articles/new");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "You have unsaved changes from" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Restore" }).ClickAsync();
        await Assertions.Expect(page.Locator("#editor-save-status")).ToContainTextAsync("Restored your changes from");
        await Assertions.Expect(page.GetByLabel("Title (main issue + main environment)")).ToHaveValueAsync("Pasted log far over the limit 5521");
        await Assertions.Expect(page.Locator("#editor-clients")).ToHaveValueAsync("Contoso; Fabrikam, Inc.");
        await ExpectTextAsync(page, tooLong);
        await Assertions.Expect(page.Locator("#editor-body-limit")).ToContainTextAsync("Shorten it by 1 character");
    }

    [Fact]
    public async Task A_title_of_spaces_is_refused_next_to_the_title_which_gets_the_focus()
    {
        var page = await fixture.SignedInPageAsync(KcsRole.Contributor);
        await BrowserFixture.GotoInteractiveAsync(page, "/articles/new");
        var title = page.GetByLabel("Title (main issue + main environment)");
        await title.FillAsync("   ");
        await page.GetByLabel("Article (Markdown)").FillAsync("## Issue\nThe scanner cannot reach the share.\n");
        var save = page.GetByRole(AriaRole.Button, new() { Name = "Save" });
        await save.ClickAsync();

        var fieldError = page.Locator("#editor-title-error");
        await Assertions.Expect(fieldError).ToHaveTextAsync("The title is required.");
        await Assertions.Expect(title).ToBeFocusedAsync();
        await Assertions.Expect(title).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(title).ToHaveAttributeAsync("aria-describedby", new Regex("editor-title-error"));
        var alert = page.Locator("#editor-save-alert");
        await Assertions.Expect(alert).ToHaveAttributeAsync("role", "alert");
        await Assertions.Expect(alert).ToContainTextAsync("Not saved: one problem to fix — The title is required.");
        // Next to what they are about: the field's message right under the title, the outcome right under Save.
        await PageChecks.AssertJustBelowAsync(title, fieldError);
        await PageChecks.AssertJustBelowAsync(save, alert);
        await Assertions.Expect(page.GetByLabel("Article (Markdown)")).ToHaveValueAsync("## Issue\nThe scanner cannot reach the share.\n");
        await PageChecks.AssertAccessibleAsync(page, "editor with a field error");
        await PageChecks.ScreenshotAsync(page, "24-editor-title-required");

        // Fixing the field takes its message away (the last save's outcome under Save stays until the next save).
        await title.FillAsync("Scanner cannot reach the share — SMB1 disabled");
        await Assertions.Expect(fieldError).ToHaveCountAsync(0);
        await Assertions.Expect(title).Not.ToHaveAttributeAsync("aria-invalid", "true");
    }

    [Fact]
    public async Task A_save_the_server_fails_is_said_next_to_save_and_the_draft_restores_the_exact_text_after_a_reload()
    {
        var original = LongBody(60_000);
        var article = await CreateAsync("Backup job fails with VSS error 0x800423f4 — Windows Server", original);
        // The database refuses this one article's update, as a failing disk would.
        await ExecuteAsync($"CREATE TRIGGER fail_update_{article.Id.Replace('-', '_')} BEFORE UPDATE ON {ArticlesTable()} WHEN OLD.Id = '{article.Id}' BEGIN SELECT RAISE(ABORT, 'simulated storage failure'); END;");
        var page = await fixture.SignedInPageAsync(KcsRole.Contributor);
        await BrowserFixture.GotoInteractiveAsync(page, $"/articles/{article.Id}/edit");
        var body = page.GetByLabel("Article (Markdown)");
        await Assertions.Expect(body).ToBeEditableAsync();
        await body.EvaluateAsync("el => { el.focus(); el.setSelectionRange(0, 0); }");
        await page.Keyboard.TypeAsync("Checked on site 0921. ");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        await Assertions.Expect(page.Locator("#editor-save-alert")).ToContainTextAsync("Not saved: the server failed to store the article");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/articles/{article.Id}/edit$"));
        await ExpectTextAsync(page, "Checked on site 0921. " + original);
        Assert.Equal(article.Version, (await Store.FindAsync(article.Id))!.Version);

        await ReloadAsync(page, $"/articles/{article.Id}/edit");
        await page.GetByRole(AriaRole.Button, new() { Name = "Restore" }).ClickAsync();
        await Assertions.Expect(page.Locator("#editor-save-status")).ToContainTextAsync("Restored your changes from");
        await ExpectTextAsync(page, "Checked on site 0921. " + original);

        await ExecuteAsync($"DROP TRIGGER fail_update_{article.Id.Replace('-', '_')};");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/articles/{article.Id}$"));
        Assert.Equal("Checked on site 0921. " + original, (await Store.FindAsync(article.Id))!.Body);

        // Saved: the draft is gone, so the editor opens on the stored version without an offer.
        await BrowserFixture.GotoInteractiveAsync(page, $"/articles/{article.Id}/edit");
        await Assertions.Expect(body).ToBeEditableAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Restore" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_connection_dropped_while_saving_is_said_next_to_save_and_the_draft_restores_the_exact_text_after_a_reload()
    {
        var original = LongBody(120_000);
        var article = await CreateAsync("Teams meeting recordings do not upload — OneDrive", original);
        var page = await fixture.SignedInPageAsync(KcsRole.Contributor);
        // Blazor's websocket goes through Playwright: the message that carries the save is dropped and the socket cut,
        // the way a network drop would.
        var cutTheSave = 0;
        await page.RouteWebSocketAsync(new Regex("/_blazor"), ws =>
        {
            var server = ws.ConnectToServer();
            ws.OnMessage(frame =>
            {
                if (Volatile.Read(ref cutTheSave) == 1 && Carries(frame, "SaveAsync") && Interlocked.Exchange(ref cutTheSave, 2) == 1)
                {
                    _ = server.CloseAsync();
                    _ = ws.CloseAsync();
                    return;
                }
                if (frame.Binary is { } bytes) server.Send(bytes);
                else server.Send(frame.Text ?? "");
            });
        });
        await BrowserFixture.GotoInteractiveAsync(page, $"/articles/{article.Id}/edit");
        var body = page.GetByLabel("Article (Markdown)");
        await Assertions.Expect(body).ToBeEditableAsync();
        const string typed = "\nWorkaround: upload from the desktop client 3306.";
        await body.EvaluateAsync("el => { el.focus(); el.setSelectionRange(el.value.length, el.value.length); }");
        await page.Keyboard.TypeAsync(typed);

        Volatile.Write(ref cutTheSave, 1);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        var alert = page.Locator("#editor-save-alert");
        await Assertions.Expect(alert).ToContainTextAsync("Not saved: the connection to the server dropped while saving");
        Assert.Equal(2, Volatile.Read(ref cutTheSave));
        await Assertions.Expect(page.Locator("#components-reconnect-modal")).ToBeHiddenAsync(new() { Timeout = 60_000 });
        await Assertions.Expect(alert).ToContainTextAsync("Your text is still here");
        await PageChecks.ScreenshotAsync(page, "25-editor-save-connection-dropped");
        await ExpectTextAsync(page, original + typed);
        Assert.Equal(article.Version, (await Store.FindAsync(article.Id))!.Version);

        await ReloadAsync(page, $"/articles/{article.Id}/edit");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "You have unsaved changes from" })).ToBeVisibleAsync();
        await PageChecks.ScreenshotAsync(page, "26-editor-draft-offered");
        await page.GetByRole(AriaRole.Button, new() { Name = "Restore" }).ClickAsync();
        await Assertions.Expect(page.Locator("#editor-save-status")).ToContainTextAsync("Restored your changes from");
        await ExpectTextAsync(page, original + typed);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/articles/{article.Id}$"));
        var stored = await Store.FindAsync(article.Id);
        Assert.Equal(article.Version + 1, stored!.Version);
        Assert.Equal(original + typed, stored.Body);
    }

    [Fact]
    public async Task A_candidates_edit_of_a_validated_article_is_confirmed_as_a_proposal_next_to_save()
    {
        var article = await CreateAsync("Printer prints blank pages after driver update — HP LaserJet", "## Issue\nBlank pages.\n\n## Resolution\n1. Roll back the driver.\n", KcsState.Validated);
        var page = await fixture.SignedInPageAsync(KcsRole.Candidate);
        await BrowserFixture.GotoInteractiveAsync(page, $"/articles/{article.Id}/edit");
        var body = page.GetByLabel("Article (Markdown)");
        await Assertions.Expect(body).ToHaveValueAsync(article.Body);
        await body.FillAsync(article.Body + "2. Clear the spooler.\n");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        var status = page.Locator("#editor-save-status");
        await Assertions.Expect(status).ToContainTextAsync("Saved as a proposed revision");
        await Assertions.Expect(status).ToHaveAttributeAsync("role", "status");
        await PageChecks.AssertJustBelowAsync(page.GetByRole(AriaRole.Button, new() { Name = "Save" }), status);
        Assert.Equal(article.Version, (await Store.FindAsync(article.Id))!.Version);
        await using var db = await fixture.Site.Services.GetRequiredService<IDbContextFactory<KnowledgeBaseDbContext>>().CreateDbContextAsync();
        Assert.Equal(article.Body + "2. Clear the spooler.\n", (await db.ProposedRevisions.SingleAsync(p => p.ArticleId == article.Id)).Body);
    }

    [Fact]
    public async Task A_save_in_the_editor_keeps_the_articles_explicit_owner()
    {
        await fixture.Site.CreateUserAsync("owner-kept@test.local", KcsRole.KnowledgeDomainExpert);
        var article = await Store.CreateAsync(Author, null, new ArticleEdit
        {
            Title = "Scanner to e-mail fails with 550 5.7.57 — Microsoft 365 SMTP relay", Body = LongBody(3_000), Owner = "owner-kept@test.local",
        });
        var owner = (await Store.FindAsync(article.Id))!.Owner;
        Assert.False(string.IsNullOrEmpty(owner));
        var page = await fixture.SignedInPageAsync(KcsRole.Contributor);
        await BrowserFixture.GotoInteractiveAsync(page, $"/articles/{article.Id}/edit");
        await page.GetByLabel("Title (main issue + main environment)").FillAsync(article.Title + " (SMTP AUTH off)");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/articles/{article.Id}$"));

        var stored = await Store.FindAsync(article.Id);
        Assert.Equal(article.Version + 1, stored!.Version);
        Assert.Equal(owner, stored.Owner);
    }

    private ArticleStore Store => fixture.Site.Services.GetRequiredService<ArticleStore>();

    private async Task<Article> CreateAsync(string title, string body, KcsState state = KcsState.NotValidated) =>
        await Store.CreateAsync(Author, null, new ArticleEdit { Title = title, Body = body, State = state });

    /// <summary>A KCS article of about <paramref name="length"/> characters: an Issue, then a long Resolution of numbered steps.</summary>
    private static string LongBody(int length)
    {
        var text = new StringBuilder("## Issue\nThe job stops with error 0x80070005 when a mailbox is larger than 50 GB.\n\n## Environment\nExchange Online, PowerShell 7.4.\n\n## Resolution\n");
        for (var i = 1; text.Length < length; i++)
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"{i}. Run `Get-MailboxStatistics -Identity user{i}@contoso.com` and compare its item count with line {i * 7} of the export log; résumé ✓.\n");
        return text.ToString();
    }

    /// <summary>Waits until the editor's box holds exactly <paramref name="expected"/> (compared in the page: long texts are not echoed back).</summary>
    private static Task ExpectTextAsync(IPage page, string expected) =>
        page.WaitForFunctionAsync("expected => document.getElementById('editor-body')?.value === expected", expected, new() { Timeout = 15_000 });

    private static List<int> RecordFramesSent(IPage page) => RecordFrames(page, sent: true);

    private static List<int> RecordFramesReceived(IPage page) => RecordFrames(page, sent: false);

    /// <summary>The size of every message on the page's Blazor websocket in one direction.</summary>
    private static List<int> RecordFrames(IPage page, bool sent)
    {
        var sizes = new List<int> { 0 };
        void Record(object? sender, IWebSocketFrame frame)
        {
            var size = frame.Binary?.Length ?? Encoding.UTF8.GetByteCount(frame.Text ?? "");
            lock (sizes) sizes.Add(size);
        }
        page.WebSocket += (_, socket) =>
        {
            if (!socket.Url.Contains("/_blazor", StringComparison.Ordinal)) return;
            if (sent) socket.FrameSent += Record;
            else socket.FrameReceived += Record;
        };
        return sizes;
    }

    private static bool Carries(IWebSocketFrame frame, string text) =>
        frame.Binary is { } bytes ? bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0 : (frame.Text ?? "").Contains(text, StringComparison.Ordinal);

    /// <summary>Leaves the page the way a reload does (confirming the browser's "leave?" question) and opens it again.</summary>
    private static async Task ReloadAsync(IPage page, string url)
    {
        void Accept(object? sender, IDialog dialog) => _ = dialog.AcceptAsync();
        page.Dialog += Accept;
        try
        {
            await BrowserFixture.GotoInteractiveAsync(page, url);
        }
        finally
        {
            page.Dialog -= Accept;
        }
    }

    private async Task<bool> AnyArticleTitledAsync(string title)
    {
        await using var db = await fixture.Site.Services.GetRequiredService<IDbContextFactory<KnowledgeBaseDbContext>>().CreateDbContextAsync();
        return await db.Articles.AnyAsync(a => a.Title == title);
    }

    private string ArticlesTable()
    {
        using var db = fixture.Site.Services.GetRequiredService<IDbContextFactory<KnowledgeBaseDbContext>>().CreateDbContext();
        return db.Model.FindEntityType(typeof(Article))!.GetTableName()!;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var db = await fixture.Site.Services.GetRequiredService<IDbContextFactory<KnowledgeBaseDbContext>>().CreateDbContextAsync();
        await db.Database.ExecuteSqlRawAsync(sql);
    }
}
