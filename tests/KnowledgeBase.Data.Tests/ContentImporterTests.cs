using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Lifecycle;
using KnowledgeBase.Data.Import;
using KnowledgeBase.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace KnowledgeBase.Data.Tests;

public abstract class ContentImporterTests : StorageTestBase, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("kb-import-").FullName;

    private ContentImporter Importer => new(Database.Factory, Store, NullLogger<ContentImporter>.Instance);

    private void Write(string relativePath, string text)
    {
        var path = Path.Combine(_folder, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    private static string Article(string id, string title, string body = "## Issue\nIt breaks.\n\n## Resolution\nFix it.", string extra = "") => $"""
        ---
        id: {id}
        title: {title}
        state: Validated
        audience: Internal
        categories: [email-outlook]
        tags: [outlook]
        reviewed: 2026-01-15
        {extra}
        ---
        {body}
        """;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Importing_the_same_folder_twice_skips_every_unchanged_file()
    {
        Write("a.md", Article("kb-a", "Alpha"));
        Write("sub/b.md", Article("kb-b", "Beta"));

        var first = await Importer.ImportAsync(_folder);
        var second = await Importer.ImportAsync(_folder);

        Assert.Equal((2, 0, 0), (first.Created, first.Updated, first.Unchanged));
        Assert.Equal((0, 0, 2), (second.Created, second.Updated, second.Unchanged));
        Assert.Empty(second.Problems);
        await using var db = Database.Factory.CreateDbContext();
        Assert.Equal(2, await db.ArticleRevisions.CountAsync());
        Assert.Equal(2, await db.ChangeLog.CountAsync());
    }

    [Fact]
    public async Task A_changed_file_becomes_a_new_revision_of_the_same_article()
    {
        Write("a.md", Article("kb-a", "Alpha"));
        await Importer.ImportAsync(_folder);
        Write("a.md", Article("kb-a", "Alpha", body: "## Issue\nIt breaks differently.\n\n## Resolution\nFix it."));

        var report = await Importer.ImportAsync(_folder);

        Assert.Equal((0, 1, 0), (report.Created, report.Updated, report.Unchanged));
        var revisions = await Store.RevisionsAsync("kb-a");
        Assert.Equal(2, revisions.Count);
        Assert.Contains("differently", revisions[1].Body);
        Assert.Equal("Re-imported from a.md", revisions[1].ChangeNote);
    }

    [Fact]
    public async Task Articles_that_exist_only_in_the_database_are_never_deleted_by_an_import()
    {
        Write("a.md", Article("kb-a", "Alpha"));
        await Importer.ImportAsync(_folder);
        await Store.CreateAsync(new Actor("casey", KcsRole.Contributor), "written-in-the-ui", new ArticleEdit { Title = "UI article", Body = "text" });
        File.Delete(Path.Combine(_folder, "a.md"));

        await Importer.ImportAsync(_folder);

        Assert.NotNull(await Store.FindAsync("kb-a"));
        Assert.NotNull(await Store.FindAsync("written-in-the-ui"));
    }

    [Fact]
    public async Task A_file_with_bad_front_matter_is_reported_with_its_line_and_the_others_are_still_imported()
    {
        Write("good.md", Article("kb-good", "Good"));
        Write("bad-yaml.md", "---\nid: kb-bad\ntitle: [unclosed\nstate: Validated\n---\nbody\n");
        Write("bad-category.md", Article("kb-cat", "Category", extra: "").Replace("categories: [email-outlook]", "categories: [no-such-category]"));
        Write("bad-state.md", Article("kb-state", "State").Replace("state: Validated", "state: Shiny"));

        var report = await Importer.ImportAsync(_folder);

        Assert.Equal(1, report.Created);
        Assert.NotNull(await Store.FindAsync("kb-good"));
        var problems = report.Problems.ToDictionary(p => p.File);
        Assert.Equal(3, problems.Count);
        Assert.Equal(6, problems["bad-category.md"].Line);
        Assert.Contains("unknown category 'no-such-category'", problems["bad-category.md"].Reason);
        Assert.Equal(4, problems["bad-state.md"].Line);
        Assert.Contains("unknown state 'Shiny'", problems["bad-state.md"].Reason);
        Assert.InRange(problems["bad-yaml.md"].Line, 3, 4);
        Assert.Contains("front matter", problems["bad-yaml.md"].Reason);
    }

    [Fact]
    public async Task Files_written_for_other_knowledge_bases_import_with_defaults()
    {
        Write("docs/How to reset MFA.md", "---\nms.date: 1/27/2021\nauthor: someone\naudience: ITPro\n---\n# Reset MFA for a user\n\n## Symptoms\nThe user lost their phone.\n\n## Resolution\nRequire re-registration.\n");
        Write("plain.md", "# Just a heading\n\nSome text without any front matter.\n");

        var report = await Importer.ImportAsync(_folder);

        Assert.Empty(report.Problems);
        var mfa = await Store.FindAsync("how-to-reset-mfa");
        Assert.NotNull(mfa);
        Assert.Equal("Reset MFA for a user", mfa.Title);
        Assert.Equal(KcsState.NotValidated, mfa.State);
        Assert.Equal(Audience.Internal, mfa.Audience);
        Assert.Contains("lost their phone", mfa.Issue);
        Assert.Empty(mfa.Categories);
        Assert.Equal("Just a heading", (await Store.FindAsync("plain"))!.Title);
    }

    [Fact]
    public async Task The_categories_file_is_imported_as_a_tree_and_updated_in_place()
    {
        Write("categories.yml", """
            categories:
              - id: network
                name: Network
                owner: net-team
                reviewIntervalDays: 120
                children:
                  - id: network-vpn
                    name: VPN
                    owner: ana
            """);
        var first = await Importer.ImportAsync(_folder);
        Write("categories.yml", """
            categories:
              - id: network
                name: Networking
                owner: net-team
                reviewIntervalDays: 120
                children:
                  - id: network-vpn
                    name: VPN
                    owner: ana
            """);
        var second = await Importer.ImportAsync(_folder);

        Assert.Equal((2, 0), (first.CategoriesAdded, first.CategoriesUpdated));
        Assert.Equal((0, 1), (second.CategoriesAdded, second.CategoriesUpdated));
        await using var db = Database.Factory.CreateDbContext();
        var vpn = await db.Categories.SingleAsync(c => c.Id == "network-vpn");
        Assert.Equal("network", vpn.ParentId);
        Assert.Equal(180, vpn.ReviewIntervalDays);
        Assert.Equal("Networking", (await db.Categories.SingleAsync(c => c.Id == "network")).Name);
    }

    [Fact]
    public async Task Owners_are_named_by_email_user_name_or_team_and_an_unknown_one_is_reported_with_its_line_and_falls_back()
    {
        var ana = await UserAsync("ana@example.com");
        var team = await TeamAsync("Network team", ana);
        Write("categories.yml", """
            categories:
              - id: network
                name: Network
                owner: network TEAM
                children:
                  - id: network-vpn
                    name: VPN
                    owner: ana@example.com
                  - id: network-wifi
                    name: Wi-Fi
                    owner: wifi-crew
            """);
        Write("known.md", Article("kb-known", "Known", extra: "owner: ANA@example.com"));
        Write("unknown.md", Article("kb-unknown", "Unknown", extra: "owner: nobody.here"));

        var report = await Importer.ImportAsync(_folder);

        Assert.Equal(
            ["categories.yml:11: category 'network-wifi': owner 'wifi-crew' is not a user's e-mail or user name nor a team's name; kept as an unclaimed owner for an Admin to assign on the Owners to assign page",
             "unknown.md:9: owner 'nobody.here' is not a user's e-mail or user name nor a team's name; the article is owned by its category's owner"],
            report.Problems.Select(p => p.ToString()));
        Assert.Equal(2, report.Created);
        await using (var db = Database.Factory.CreateDbContext())
        {
            Assert.Equal(team, (await db.Categories.SingleAsync(c => c.Id == "network")).Owner);
            Assert.Equal(ana, (await db.Categories.SingleAsync(c => c.Id == "network-vpn")).Owner);
            Assert.Equal("wifi-crew", (await db.Categories.SingleAsync(c => c.Id == "network-wifi")).Owner);
        }
        Assert.Equal(ana, (await Store.FindAsync("kb-known"))!.Owner);
        Assert.Null((await Store.FindAsync("kb-unknown"))!.Owner);

        // Re-imported with an owner nobody has, a category keeps the one it has.
        Write("categories.yml", """
            categories:
              - id: network
                name: Network
                owner: gone-team
            """);
        var again = await Importer.ImportAsync(_folder);
        Assert.Contains("categories.yml:4: category 'network': owner 'gone-team' is not a user's e-mail or user name nor a team's name; the category keeps its owner", again.Problems.Select(p => p.ToString()));
        await using (var db = Database.Factory.CreateDbContext())
            Assert.Equal(team, (await db.Categories.SingleAsync(c => c.Id == "network")).Owner);
    }

    [Fact]
    public async Task Two_files_claiming_the_same_id_are_reported_and_the_first_wins()
    {
        Write("a.md", Article("kb-same", "First"));
        Write("b.md", Article("kb-same", "Second"));
        var report = await Importer.ImportAsync(_folder);
        Assert.Equal(1, report.Created);
        Assert.Equal("First", (await Store.FindAsync("kb-same"))!.Title);
        Assert.Contains("already used by a.md", Assert.Single(report.Problems).Reason);
    }

    [Fact]
    public async Task A_file_whose_id_an_article_written_in_the_knowledge_base_already_uses_does_not_overwrite_it()
    {
        var written = await Store.CreateAsync(new Actor("dana", KcsRole.Publisher), "kb-taken", new ArticleEdit
        {
            Title = "Written in the site", Body = "## Issue\nOur own words.\n", State = KcsState.Validated, Audience = Audience.Internal,
        });
        Write("taken.md", Article("kb-taken", "From a file").Replace("audience: Internal", "audience: Customer"));

        var report = await Importer.ImportAsync(_folder);

        var kept = (await Store.FindAsync("kb-taken"))!;
        Assert.Equal((written.Title, written.Version, Audience.Internal), (kept.Title, kept.Version, kept.Audience));
        Assert.Contains("already used by an article written in the knowledge base; not overwritten", Assert.Single(report.Problems).Reason);
    }

    [Fact]
    public async Task A_reimport_keeps_the_audience_the_knowledge_base_gave_the_article()
    {
        Write("a.md", Article("kb-a", "Alpha").Replace("audience: Internal", "audience: Customer"));
        await Importer.ImportAsync(_folder);
        // A Publisher takes it back from customers in the site.
        var published = (await Store.FindAsync("kb-a"))!;
        Assert.Equal(Audience.Customer, published.Audience);
        await Store.UpdateAsync(new Actor("dana", KcsRole.Publisher), "kb-a", published.Version, new ArticleEdit
        {
            Title = published.Title, Body = published.Body, State = published.State, Audience = Audience.Internal, Categories = published.CategoryIds.ToList(),
            Tags = published.TagNames.ToList(), ChangeNote = "Wrong for customers",
        });
        Write("a.md", Article("kb-a", "Alpha", body: "## Issue\nIt breaks again.\n\n## Resolution\nFix it.").Replace("audience: Internal", "audience: Customer"));

        var report = await Importer.ImportAsync(_folder);

        var article = (await Store.FindAsync("kb-a"))!;
        Assert.Contains("breaks again", article.Body);
        Assert.Equal(Audience.Internal, article.Audience);
        Assert.Contains("kept the knowledge base's", Assert.Single(report.Problems).Reason);
    }

    [Fact]
    public async Task An_import_folder_outside_the_allowed_root_is_refused()
    {
        var outside = Path.GetDirectoryName(_folder)!;
        await Assert.ThrowsAsync<ArgumentException>(() => Importer.ImportAsync(outside, allowedRoot: _folder));
        await Assert.ThrowsAsync<ArgumentException>(() => Importer.ImportAsync(Path.Combine(_folder, "..", Path.GetFileName(_folder) + "-evil"), allowedRoot: _folder));
    }
}

public sealed class SqliteContentImporterTests : ContentImporterTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.CreateSqliteAsync();
}

[Collection(KnowledgeBase.Testing.PostgresCollection.Name)]
public sealed class PostgresContentImporterTests(PostgresServerFixture postgres) : ContentImporterTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.CreatePostgresAsync(postgres.Server);
}
