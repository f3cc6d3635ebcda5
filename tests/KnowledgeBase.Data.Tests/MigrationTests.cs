using System.IO.Compression;
using System.Text;
using KnowledgeBase.Core.Access;
using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Attachments;
using KnowledgeBase.Core.Lifecycle;
using KnowledgeBase.Core.Reports;
using KnowledgeBase.Core.Tickets;
using KnowledgeBase.Data.Articles;
using KnowledgeBase.Data.Attachments;
using KnowledgeBase.Data.Export;
using KnowledgeBase.Data.Import;
using KnowledgeBase.Data.Owners;
using KnowledgeBase.Data.Reports;
using KnowledgeBase.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace KnowledgeBase.Data.Tests;

/// <summary>
/// Migration in and out (issue #17.5, #17.6) on both databases: a docs folder's relative images, <c>created:</c> and
/// the reuse it keeps true, and the portable ZIP that comes back losslessly into an empty database.
/// </summary>
public abstract class MigrationTests : LedgerTestBase, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("kb-migrate-").FullName;
    private static readonly Actor Admin = new("ada", KcsRole.Admin);

    private ContentImporter ImporterFor(TestDatabase database) =>
        new(database.Factory, new ArticleStore(database.Factory, Clock), NullLogger<ContentImporter>.Instance, clock: Clock);

    private ContentImporter Importer => ImporterFor(Database);

    private AttachmentStore FilesOf(TestDatabase database) => new(database.Factory, Clock);

    protected abstract Task<TestDatabase> CreateOtherDatabaseAsync();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private void Write(string relativePath, string text) => WriteBytes(relativePath, Encoding.UTF8.GetBytes(text));

    private void WriteBytes(string relativePath, byte[] bytes)
    {
        var path = Path.Combine(_folder, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
    }

    private static string Sha(byte[] bytes) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));

    // ---- 5a: a docs-as-code folder's relative images ----

    [Fact]
    public async Task A_docs_folder_imports_its_relative_images_and_files_and_the_article_links_to_the_stored_copies()
    {
        var shot = AttachmentStoreTests.Png(3000, seed: 1);
        var shared = AttachmentStoreTests.Png(2000, seed: 2);
        var big = AttachmentStoreTests.Png(5000, seed: 3);
        var logo = AttachmentStoreTests.Png(1000, seed: 4);
        var html = AttachmentStoreTests.Png(1500, seed: 5);
        var trace = Encoding.UTF8.GetBytes("12:00:01 connect failed\n");
        WriteBytes("docs/outlook/media/error dialog.png", shot);
        WriteBytes("docs/media/shared.png", shared);
        WriteBytes("docs/outlook/media/error-big.png", big);
        WriteBytes("docs/outlook/media/logo.png", logo);
        WriteBytes("docs/outlook/media/html.png", html);
        WriteBytes("docs/outlook/files/trace.log", trace);
        Write("docs/outlook/prompt.md", """
            ---
            title: Outlook prompts for a password
            ms.topic: troubleshooting
            ---
            ## Issue
            Outlook shows this ![the dialog](media/error%20dialog.png "Error") and ![shared](../media/shared.png).

            :::image type="content" source="media/error dialog.png" alt-text="The dialog." lightbox="media/error-big.png":::

            ![logo][logo]

            <img src="./media/html.png" alt="html">

            ## Resolution
            See the [trace](files/trace.log), [the other article](other.md) and [Microsoft](https://learn.microsoft.com/x.png).

            ```
            ![not a file](media/in-code.png)
            ```

            [logo]: media/logo.png
            """);

        var report = await Importer.ImportAsync(_folder);

        Assert.Empty(report.Problems);
        Assert.Empty(report.Notices);
        var article = (await Store.FindAsync("prompt"))!;
        Assert.Contains($"![the dialog](/attachments/{Sha(shot)}/error%20dialog.png \"Error\")", article.Body);
        Assert.Contains($"![shared](/attachments/{Sha(shared)}/shared.png)", article.Body);
        Assert.Contains($"source=\"/attachments/{Sha(shot)}/error%20dialog.png\"", article.Body);
        Assert.Contains($"lightbox=\"/attachments/{Sha(big)}/error-big.png\"", article.Body);
        Assert.Contains($"[logo]: /attachments/{Sha(logo)}/logo.png", article.Body);
        Assert.Contains($"<img src=\"/attachments/{Sha(html)}/html.png\"", article.Body);
        Assert.Contains($"[trace](/attachments/{Sha(trace)}/trace.log)", article.Body);
        Assert.Contains("[the other article](other.md)", article.Body);
        Assert.Contains("](https://learn.microsoft.com/x.png)", article.Body);
        Assert.Contains("![not a file](media/in-code.png)", article.Body);
        // The Learn directive now shows the stored image instead of a placeholder.
        Assert.Contains($"<img src=\"/attachments/{Sha(shot)}/error%20dialog.png\" alt=\"The dialog.\"", article.Html);

        await using var db = Database.Factory.CreateDbContext();
        Assert.Equal(6, await db.Attachments.CountAsync());
        var referenced = await db.AttachmentReferences.Where(r => r.ArticleId == "prompt").Select(r => r.Sha256).ToListAsync();
        Assert.Equal(new[] { shot, shared, big, logo, html, trace }.Select(Sha).Order(), referenced.Order());
        var files = FilesOf(Database);
        using var read = new MemoryStream();
        await files.CopyToAsync(Sha(shot), read);
        Assert.Equal(shot, read.ToArray());
    }

    [Fact]
    public async Task A_missing_refused_or_outside_file_is_reported_with_file_and_line_and_the_article_still_imports()
    {
        WriteBytes("docs/media/setup.png", [(byte)'M', (byte)'Z', 0x90, 0, 3, 0, 0, 0]);
        WriteBytes("secret.png", AttachmentStoreTests.Png(100));
        WriteBytes("docs/media/ok.png", AttachmentStoreTests.Png(100, seed: 9));
        Write("docs/a.md", """
            # Printer offline

            ![gone](media/missing.png)
            ![program](media/setup.png)
            ![outside](../../etc/passwd.png)
            ![fine](media/ok.png)
            """);
        Write("docs/b.md", "# Second article\n\nNothing attached.\n");

        var report = await Importer.ImportAsync(Path.Combine(_folder, "docs"));

        Assert.Equal(2, report.Created);
        // The articles are imported: what they miss is reported as notices, which do not fail the import.
        Assert.Empty(report.Problems);
        Assert.Collection(report.Notices.Select(p => p.ToString()),
            p => Assert.Equal("a.md:3: image 'media/missing.png' not found (media/missing.png); the reference is left as it is", p),
            p => Assert.StartsWith("a.md:4: image 'media/setup.png': “setup.png” was not stored. Programs", p),
            p => Assert.Equal("a.md:5: image '../../etc/passwd.png' is outside the imported folder; not imported, the reference is left as it is", p));
        var article = (await Store.FindAsync("a"))!;
        Assert.Contains("![gone](media/missing.png)", article.Body);
        Assert.Contains("![program](media/setup.png)", article.Body);
        Assert.Contains("![outside](../../etc/passwd.png)", article.Body);
        Assert.Contains($"![fine](/attachments/{Sha(AttachmentStoreTests.Png(100, seed: 9))}/ok.png)", article.Body);
    }

    [Fact]
    public async Task Importing_a_docs_folder_again_skips_its_articles_and_stores_no_file_twice()
    {
        WriteBytes("media/a.png", AttachmentStoreTests.Png(900));
        Write("a.md", "# With image\n\n![a](media/a.png)\n");

        var first = await Importer.ImportAsync(_folder);
        var second = await Importer.ImportAsync(_folder);
        WriteBytes("media/a.png", AttachmentStoreTests.Png(900, seed: 7));
        var third = await Importer.ImportAsync(_folder);

        Assert.Equal((1, 0, 0), (first.Created, first.Updated, first.Unchanged));
        Assert.Equal((0, 0, 1), (second.Created, second.Updated, second.Unchanged));
        // A changed image changes what the article links to: a new revision.
        Assert.Equal((0, 1, 0), (third.Created, third.Updated, third.Unchanged));
        Assert.Contains(Sha(AttachmentStoreTests.Png(900, seed: 7)), (await Store.FindAsync("a"))!.Body);
        await using var db = Database.Factory.CreateDbContext();
        Assert.Equal(2, await db.Attachments.CountAsync());
    }

    // ---- 5b: created: front matter, and the reuse it keeps true ----

    [Fact]
    public async Task Created_front_matter_becomes_the_articles_creation_time_in_utc()
    {
        Write("a.md", "---\ntitle: A\ncreated: 2024-05-31T14:30:00+02:00\nupdated: 2025-01-10\n---\nBody\n");
        Write("b.md", "---\ntitle: B\ncreated: 2023-11-02\n---\nBody\n");

        var report = await Importer.ImportAsync(_folder);

        Assert.Empty(report.Problems);
        var a = (await Store.FindAsync("a"))!;
        var b = (await Store.FindAsync("b"))!;
        Assert.Equal(new DateTime(2024, 5, 31, 12, 30, 0, DateTimeKind.Utc), a.CreatedAt);
        Assert.Equal(new DateTime(2025, 1, 10, 0, 0, 0, DateTimeKind.Utc), a.UpdatedAt);
        Assert.Equal(new DateTime(2023, 11, 2, 0, 0, 0, DateTimeKind.Utc), b.CreatedAt);
        Assert.Equal(Clock.GetUtcNow().UtcDateTime, b.UpdatedAt);
        Assert.Equal(DateTimeKind.Utc, a.CreatedAt.Kind);
    }

    [Fact]
    public async Task A_bad_or_future_created_date_is_reported_with_file_and_line_and_the_others_import()
    {
        Write("a.md", "---\ntitle: A\ntags: [x]\ncreated: 31/05/2024\n---\nBody\n");
        Write("b.md", "---\ntitle: B\ncreated: 2999-01-01\n---\nBody\n");
        Write("c.md", "---\ntitle: C\ncreated: 2024-06-01\nupdated: 2024-01-01\n---\nBody\n");
        Write("d.md", "---\ntitle: D\ncreated: 2024-06-01\n---\nBody\n");

        var report = await Importer.ImportAsync(_folder);

        Assert.Equal(1, report.Created);
        Assert.Collection(report.Problems.Select(p => p.ToString()),
            p => Assert.Equal("a.md:4: created must be a date or a date and time such as 2024-05-31 or 2024-05-31T14:30:00Z, not '31/05/2024'", p),
            p => Assert.StartsWith("b.md:3: created is in the future (2999-01-01T00:00:00.0000000Z)", p),
            p => Assert.Equal("c.md:4: updated (2024-01-01) is before created (2024-06-01)", p));
    }

    [Fact]
    public async Task A_ticket_linked_to_an_article_that_existed_in_the_old_system_counts_as_reuse()
    {
        // The migration happens on 1 March; the ticket was opened in February, when the article existed in the old system.
        SetNow(At(2026, 3, 1));
        Write("vpn.md", "---\nid: kb-vpn\ntitle: VPN drops every hour\nstate: Validated\ncategories: [email-outlook]\ncreated: 2025-06-01T08:00:00Z\n---\n## Issue\nDrops.\n");
        Write("new.md", "---\nid: kb-new\ntitle: Written on migration day\nstate: Validated\ncategories: [email-outlook]\n---\n## Issue\nNew.\n");
        Assert.Empty((await Importer.ImportAsync(_folder)).Problems);
        await TicketAsync("T1", At(2026, 2, 20), At(2026, 3, 2));
        await LinkAsync("T1", "kb-vpn", LinkType.Resolved, At(2026, 3, 2));
        await TicketAsync("T2", At(2026, 2, 21), At(2026, 3, 2));
        await LinkAsync("T2", "kb-new", LinkType.Resolved, At(2026, 3, 2));

        var totals = await new ReuseReports(Database.Factory).TotalsAsync(new ReportPeriod(At(2026, 3, 1, 0), At(2026, 4, 1, 0)));

        // Reuse = linked tickets whose article existed when the ticket was opened (ReuseReports.Facts: CreatedAt < OpenedAt).
        Assert.Equal(new ReuseCounts(ClosedTickets: 2, LinkedTickets: 2, KnownTickets: 1, CreatedTickets: 0), totals);
        Assert.Equal(0.5, totals.ReuseRate, 10);
    }

    // ---- 5c: a BookStack portable ZIP ----

    /// <summary>A BookStack portable export in the documented shape (BookStack dev/docs/portable-zip-file-format.md).</summary>
    private string BookStackZip(byte[] queue, byte[] vpn)
    {
        const string data = """
            {
              "instance": { "version": "v24.12", "id_ciphertext": "eyJpdiI6IjEyMyJ9" },
              "exported_at": "2024-12-01T10:00:00.000000Z",
              "book": {
                "id": 3,
                "name": "Network Runbooks",
                "description_html": "<p>How we run <strong>networks</strong> &amp; printers.</p>",
                "tags": [ { "name": "team", "value": "network", "order": 0 } ],
                "pages": [
                  {
                    "id": 10, "name": "Printer offline", "priority": 1,
                    "html": "<p>ignored when markdown is given</p>",
                    "markdown": "## Issue\nThe printer shows offline.\n\n![screenshot]([[bsexport:image:a1b2c3.png]])\n\nSee [VPN]([[bsexport:page:11]]) and [the log]([[bsexport:attachment:f9e8.log]]).",
                    "images": [ { "name": "Printer queue.png", "file": "a1b2c3.png" } ],
                    "attachments": [
                      { "id": 5, "name": "spooler.log", "file": "f9e8.log", "order": 1 },
                      { "id": 6, "name": "Vendor page", "link": "https://example.com/printers", "order": 2 },
                      { "id": 7, "name": "Driver notes.txt", "file": "d7.txt", "order": 3 }
                    ],
                    "tags": [ { "name": "printer", "value": "" }, { "name": "site", "value": "HQ" } ]
                  }
                ],
                "chapters": [
                  {
                    "id": 4, "name": "VPN", "priority": 2, "description_html": "<p>Remote access.</p>",
                    "pages": [
                      {
                        "id": 11, "name": "VPN drops every hour", "priority": 1,
                        "html": "<h2>Issue</h2><p>Drops.</p><p><img src=\"[[bsexport:image:vpn.png]]\" alt=\"vpn\"></p><p>Back to <a href=\"[[bsexport:chapter:4]]\">the chapter</a>.</p>",
                        "images": [ { "name": "vpn error", "file": "vpn.png" } ]
                      }
                    ]
                  }
                ]
              }
            }
            """;
        var path = Path.Combine(_folder, "bookstack.zip");
        File.Delete(path);
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        void Add(string name, byte[] bytes) { using var s = zip.CreateEntry(name).Open(); s.Write(bytes); }
        Add("data.json", Encoding.UTF8.GetBytes(data));
        Add("files/a1b2c3.png", queue);
        Add("files/vpn.png", vpn);
        Add("files/f9e8.log", Encoding.UTF8.GetBytes("spooler stopped\n"));
        Add("files/d7.txt", Encoding.UTF8.GetBytes("use the v4 driver\n"));
        return path;
    }

    [Fact]
    public async Task A_bookstack_export_imports_pages_with_their_images_and_attachments_and_books_and_chapters_as_categories()
    {
        var dana = await UserAsync("dana@example.com");
        var queue = AttachmentStoreTests.Png(4000, seed: 21);
        var vpn = AttachmentStoreTests.Png(4000, seed: 22);

        var report = await Importer.ImportZipAsync(BookStackZip(queue, vpn), categoryOwner: "dana@example.com");

        Assert.Empty(report.Problems);
        Assert.Empty(report.Notices);
        Assert.Equal((2, 2), (report.Created, report.CategoriesAdded));
        await using var db = Database.Factory.CreateDbContext();
        var book = await db.Categories.SingleAsync(c => c.Id == "network-runbooks");
        var chapter = await db.Categories.SingleAsync(c => c.Id == "network-runbooks-vpn");
        Assert.Equal(("Network Runbooks", (string?)null, dana, "How we run networks & printers."), (book.Name, book.ParentId, book.Owner, book.Description));
        Assert.Equal(("VPN", "network-runbooks", dana, "Remote access."), (chapter.Name, chapter.ParentId, chapter.Owner, chapter.Description));

        var printer = (await Store.FindAsync("bookstack-page-10"))!;
        Assert.Equal("Printer offline", printer.Title);
        Assert.Equal(["network-runbooks"], printer.CategoryIds);
        Assert.Equal(["printer", "site-hq"], printer.TagNames);
        var log = Sha(Encoding.UTF8.GetBytes("spooler stopped\n"));
        var notes = Sha(Encoding.UTF8.GetBytes("use the v4 driver\n"));
        Assert.StartsWith("## Issue\nThe printer shows offline.", printer.Body);
        Assert.Contains($"![screenshot](/attachments/{Sha(queue)}/Printer%20queue.png)", printer.Body);
        Assert.Contains("See [VPN](/articles/bookstack-page-11)", printer.Body);
        Assert.Contains($"[the log](/attachments/{log}/spooler.log)", printer.Body);
        // Attachments the text does not mention are listed under it, as BookStack shows them beside the page.
        Assert.EndsWith($"## Attachments\n\n- [Vendor page](<https://example.com/printers>)\n- [Driver notes.txt](/attachments/{notes}/Driver%20notes.txt)\n", printer.Body);
        Assert.DoesNotContain("ignored when markdown is given", printer.Body);
        Assert.Contains($"<img src=\"/attachments/{Sha(queue)}/Printer%20queue.png\" alt=\"screenshot\"", printer.Html);

        var drops = (await Store.FindAsync("bookstack-page-11"))!;
        Assert.Equal(["network-runbooks-vpn"], drops.CategoryIds);
        Assert.Contains($"<img src=\"/attachments/{Sha(vpn)}/vpn%20error.png\" alt=\"vpn\">", drops.Body);
        Assert.Contains("<a href=\"/?category=network-runbooks-vpn\">the chapter</a>", drops.Body);
        Assert.Equal(new[] { Sha(queue), log, notes }.Order(), (await db.AttachmentReferences.Where(r => r.ArticleId == "bookstack-page-10").Select(r => r.Sha256).ToListAsync()).Order());

        // Importing the same export again changes nothing.
        var again = await Importer.ImportZipAsync(BookStackZip(queue, vpn), categoryOwner: "dana@example.com");
        Assert.Equal((0, 0, 2), (again.Created, again.Updated, again.Unchanged));
    }

    // ---- 6: the portable ZIP, round trip into an empty database ----

    /// <summary>Accounts and teams are not content: the target knows the same people (by e-mail) and teams (by name).</summary>
    private static async Task<(string Dana, string Sam, string Team)> PeopleAsync(TestDatabase database, DateTime now)
    {
        await using var db = database.Factory.CreateDbContext();
        Identity.KbUser User(string email) => new()
        {
            UserName = email, NormalizedUserName = email.ToUpperInvariant(), Email = email, NormalizedEmail = email.ToUpperInvariant(),
            Role = KcsRole.KnowledgeDomainExpert, Audience = Audience.Internal, CreatedAt = now,
        };
        var dana = User("dana@example.com");
        var sam = User("sam@example.com");
        db.Users.AddRange(dana, sam);
        var team = new Core.Owners.Team { Name = "Identity team", NormalizedName = Core.Owners.Team.Normalize("Identity team"), CreatedAt = now };
        db.Teams.Add(team);
        await db.SaveChangesAsync();
        db.TeamMembers.Add(new Core.Owners.TeamMember { TeamId = team.Id, UserId = dana.Id });
        await db.SaveChangesAsync();
        return (Core.Owners.OwnerRef.User(dana.Id).ToString(), Core.Owners.OwnerRef.User(sam.Id).ToString(), team.Ref.ToString());
    }

    private async Task<string> SeedKnowledgeBaseAsync()
    {
        var (dana, sam, team) = await PeopleAsync(Database, Clock.GetUtcNow().UtcDateTime);
        await using (var db = Database.Factory.CreateDbContext())
        {
            var email = await db.Categories.FirstAsync(c => c.Id == "email");
            email.Owner = team;
            email.Description = "Mail: \"quotes\", colons: and # hashes";
            (await db.Categories.FirstAsync(c => c.Id == "email-outlook")).Owner = sam;
            // "identity" keeps its unclaimed owner name, identity-team.
            await db.SaveChangesAsync();
        }
        var files = FilesOf(Database);
        var png = await files.StoreAsync(new MemoryStream(AttachmentStoreTests.Png(700_000, seed: 11)), "error dialog.png", "ada");
        var log = await files.StoreAsync(new MemoryStream(Encoding.UTF8.GetBytes("line 1\r\nline 2\n")), "trace.log", "ada");

        SetNow(At(2025, 1, 2, 8, 15));
        var bodyA = "\r\n## Issue\r\nOutlook prompts.\r\n\r\n" + png.Markdown + "\r\n\r\n" + log.Markdown + "\r\n---\r\ntitle: not front matter\r\n---\r\nNo trailing newline";
        await Store.CreateAsync(Admin, "kb-outlook", new ArticleEdit
        {
            Title = "Outlook: \"password\" prompt — after MFA #1", Body = bodyA, State = KcsState.Validated, Audience = Audience.Customer,
            Categories = ["email-outlook", "identity"], Tags = ["outlook", "mfa", "Microsoft 365"], Owner = "dana@example.com",
        });
        SetNow(At(2025, 3, 4, 10));
        await Store.ConfirmReviewedAsync(Admin, "kb-outlook");
        SetNow(At(2025, 6, 7, 11, 30).AddTicks(1234560));
        var a = (await Store.FindAsync("kb-outlook"))!;
        await Store.UpdateAsync(Admin, "kb-outlook", a.Version, new ArticleEdit
        {
            Title = a.Title, Body = bodyA + "\r\n\r\nÜberprüft: ✓ 日本語", State = a.State, Audience = a.Audience,
            Categories = a.CategoryIds.ToList(), Tags = a.TagNames.ToList(), Owner = a.Owner,
        });
        SetNow(At(2025, 8, 1));
        await Store.CreateAsync(Admin, "kb-wip", new ArticleEdit { Title = "  Draft: VPN  ", Body = "Just notes", State = KcsState.Wip, Owner = "Identity team" });
        await Store.CreateAsync(Admin, "kb-old", new ArticleEdit { Title = "Old fax setup", Body = "## Issue\nFax.\n", State = KcsState.Archived, Categories = ["email"] });
        var gone = await Store.CreateAsync(Admin, "kb-gone", new ArticleEdit { Title = "Deleted", Body = "x" });
        await Store.DeleteAsync(Admin, "kb-gone", gone.Version);
        SetNow(At(2026, 3, 1));
        return bodyA;
    }

    private async Task<string> ExportAsync(string? articleId = null)
    {
        var path = Path.Combine(_folder, articleId ?? "all") + ".zip";
        var exporter = new KnowledgeBaseExporter(Database.Factory, FilesOf(Database), new OwnerDirectory(Database.Factory, Clock), Clock);
        await using var output = File.Create(path);
        await exporter.WriteAsync(output, Viewer.Internal(KcsRole.KnowledgeDomainExpert), articleId);
        return path;
    }

    private sealed record ArticleShape(string Id, string Title, byte[] Body, KcsState State, Audience Audience, string Categories, string Tags, string? Owner,
        DateTime CreatedAt, DateTime UpdatedAt, DateTime? LastReviewedAt, DateTime? ReviewDueAt, string Html, string Files);

    private sealed record CategoryShape(string Id, string Name, string? ParentId, string Owner, int ReviewIntervalDays, string Description);

    /// <summary>Everything an export carries, with owners as the names people type (account ids differ between databases).</summary>
    private async Task<(List<ArticleShape> Articles, List<CategoryShape> Categories, List<(string Sha, long Length, string Type, byte[] Bytes)> Files)> ShapeAsync(TestDatabase database)
    {
        var names = await new OwnerDirectory(database.Factory, Clock).EntriesAsync();
        string? Name(string? owner) => owner is null ? null : names.TryGetValue(owner, out var e) ? e.InputName : owner;
        await using var db = database.Factory.CreateDbContext();
        var articles = await db.Articles.AsNoTracking().Where(a => a.DeletedAt == null).Include(a => a.Categories).Include(a => a.Tags).OrderBy(a => a.Id).ToListAsync();
        var references = await db.AttachmentReferences.AsNoTracking().ToListAsync();
        var shapes = articles.Select(a => new ArticleShape(a.Id, a.Title, Encoding.UTF8.GetBytes(a.Body), a.State, a.Audience, string.Join(",", a.CategoryIds),
            string.Join(",", a.TagNames), Name(a.Owner), a.CreatedAt, a.UpdatedAt, a.LastReviewedAt, a.ReviewDueAt, a.Html,
            string.Join(",", references.Where(r => r.ArticleId == a.Id && r.Version == a.Version).Select(r => r.Sha256).Order()))).ToList();
        var categories = (await db.Categories.AsNoTracking().OrderBy(c => c.Id).ToListAsync())
            .Select(c => new CategoryShape(c.Id, c.Name, c.ParentId, Name(c.Owner)!, c.ReviewIntervalDays, c.Description)).ToList();
        var store = FilesOf(database);
        var files = new List<(string, long, string, byte[])>();
        foreach (var f in await db.Attachments.AsNoTracking().OrderBy(f => f.Sha256).ToListAsync())
        {
            using var bytes = new MemoryStream();
            await store.CopyToAsync(f.Sha256, bytes);
            files.Add((f.Sha256, f.Length, f.MediaType, bytes.ToArray()));
        }
        return (shapes, categories, files);
    }

    [Fact]
    public async Task The_whole_knowledge_base_exported_and_imported_into_an_empty_database_comes_back_the_same()
    {
        var bodyA = await SeedKnowledgeBaseAsync();
        var zip = await ExportAsync();
        await using var target = await CreateOtherDatabaseAsync();
        await PeopleAsync(target, Clock.GetUtcNow().UtcDateTime);

        var report = await ImporterFor(target).ImportZipAsync(zip);

        // The one owner that is no account or team (an unclaimed name) comes back as it was, and the import says so.
        Assert.Equal("categories.yml:", Assert.Single(report.Problems).ToString()[..15]);
        Assert.Contains("'identity-team' is not a user's e-mail", report.Problems[0].Reason);
        Assert.Equal(3, report.Created);
        var before = await ShapeAsync(Database);
        var after = await ShapeAsync(target);
        Assert.Equal(3, after.Articles.Count);
        Assert.Equal(Encoding.UTF8.GetBytes(bodyA + "\r\n\r\nÜberprüft: ✓ 日本語"), after.Articles.Single(a => a.Id == "kb-outlook").Body);
        foreach (var (expected, actual) in before.Articles.Zip(after.Articles))
        {
            Assert.Equal(expected.Body, actual.Body);
            Assert.Equal(expected with { Body = [] }, actual with { Body = [] });
        }
        Assert.Equal(before.Categories, after.Categories);
        Assert.Equal(before.Files.Select(f => (f.Sha, f.Length, f.Type)), after.Files.Select(f => (f.Sha, f.Length, f.Type)));
        foreach (var (expected, actual) in before.Files.Zip(after.Files)) Assert.Equal(expected.Bytes, actual.Bytes);
        Assert.Equal(2, after.Files.Count);
    }

    [Fact]
    public async Task One_article_exports_with_its_files_and_categories_and_nothing_else()
    {
        await SeedKnowledgeBaseAsync();
        var zip = await ExportAsync("kb-outlook");

        using var archive = ZipFile.OpenRead(zip);
        var names = archive.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(5, names.Count);
        Assert.Contains("articles/kb-outlook.md", names);
        Assert.Contains("categories.yml", names);
        Assert.Contains("manifest.json", names);
        Assert.Contains(names, n => n.StartsWith("attachments/", StringComparison.Ordinal) && n.EndsWith("/error dialog.png", StringComparison.Ordinal));
        Assert.Contains(names, n => n.StartsWith("attachments/", StringComparison.Ordinal) && n.EndsWith("/trace.log", StringComparison.Ordinal));
        using var categories = new StreamReader(archive.GetEntry("categories.yml")!.Open());
        var yaml = await categories.ReadToEndAsync();
        // The article's categories and their parents (email-outlook's parent is email), not the others'.
        Assert.Contains("id: \"email-outlook\"", yaml);
        Assert.Contains("id: \"email\"", yaml);
        Assert.Contains("id: \"identity\"", yaml);
        using var article = new StreamReader(archive.GetEntry("articles/kb-outlook.md")!.Open());
        var text = await article.ReadToEndAsync();
        Assert.StartsWith("---\nid: \"kb-outlook\"\ntitle: \"Outlook: \\\"password\\\" prompt — after MFA #1\"\nstate: \"Validated\"\naudience: \"Customer\"\n"
            + "categories: [\"email-outlook\", \"identity\"]\ntags: [\"mfa\", \"microsoft-365\", \"outlook\"]\nclients: []\nowner: \"dana@example.com\"\n"
            + "created: \"2025-01-02T08:15:00.0000000Z\"\n", text);
    }

    [Fact]
    public async Task An_article_without_categories_exports_and_imports_back_without_a_problem()
    {
        await SeedKnowledgeBaseAsync();
        var zip = await ExportAsync("kb-wip");
        await using var target = await CreateOtherDatabaseAsync();
        await PeopleAsync(target, Clock.GetUtcNow().UtcDateTime);

        var report = await ImporterFor(target).ImportZipAsync(zip);

        Assert.Empty(report.Problems);
        Assert.Equal((1, 0), (report.Created, report.CategoriesAdded));
        Assert.Equal("Just notes", (await new ArticleStore(target.Factory, Clock).FindAsync("kb-wip"))!.Body);
    }

    [Fact]
    public async Task A_zip_bomb_given_to_the_import_is_refused_and_nothing_is_imported_or_left_behind()
    {
        var zip = Path.Combine(_folder, "bomb.zip");
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
        {
            using (var a = new StreamWriter(archive.CreateEntry("a.md").Open())) a.Write("# Fine\n");
            using var bomb = archive.CreateEntry("b.md", CompressionLevel.SmallestSize).Open();
            var zeros = new byte[1024 * 1024];
            for (var i = 0; i < 64; i++) bomb.Write(zeros);
        }
        var tempBefore = Directory.GetDirectories(Path.GetTempPath(), "kb-import-zip-*").Length;

        var ex = await Assert.ThrowsAsync<ZipRefusedException>(() => Importer.ImportZipAsync(zip));

        Assert.Contains("entry 'b.md' is compressed", ex.Message);
        await using var db = Database.Factory.CreateDbContext();
        Assert.Equal(0, await db.Articles.CountAsync());
        Assert.Equal(tempBefore, Directory.GetDirectories(Path.GetTempPath(), "kb-import-zip-*").Length);
    }

    [Fact]
    public async Task An_export_of_an_article_the_viewer_may_not_see_or_by_a_customer_is_refused()
    {
        await SeedKnowledgeBaseAsync();
        var exporter = new KnowledgeBaseExporter(Database.Factory, FilesOf(Database), new OwnerDirectory(Database.Factory, Clock), Clock);

        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => exporter.WriteAsync(new MemoryStream(), Viewer.Customer(KcsRole.Admin)));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => exporter.WriteAsync(new MemoryStream(), Viewer.Customer(KcsRole.Admin), "kb-outlook"));
        await Assert.ThrowsAsync<ArticleNotFoundException>(() => exporter.WriteAsync(new MemoryStream(), Viewer.Internal(KcsRole.Admin), "kb-gone"));
    }
}

public sealed class SqliteMigrationTests : MigrationTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.CreateSqliteAsync();
    protected override Task<TestDatabase> CreateOtherDatabaseAsync() => TestDatabase.CreateSqliteAsync();
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresMigrationTests(PostgresServerFixture postgres) : MigrationTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.CreatePostgresAsync(postgres.Server);
    protected override Task<TestDatabase> CreateOtherDatabaseAsync() => TestDatabase.CreatePostgresAsync(postgres.Server);
}
