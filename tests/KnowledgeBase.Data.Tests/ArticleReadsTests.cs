using KnowledgeBase.Core.Access;
using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Lifecycle;
using KnowledgeBase.Core.Tickets;
using KnowledgeBase.Data.Articles;
using KnowledgeBase.Testing;
using Microsoft.EntityFrameworkCore;

namespace KnowledgeBase.Data.Tests;

/// <summary>
/// What the site's pages read of articles, on both databases: the article page (visibility by AccessPolicy, versions a
/// customer may read, categories in order, accountable owner), the home lists, linked tickets and titles, tags in use.
/// </summary>
public abstract class ArticleReadsTests : LedgerTestBase
{
    private static readonly Actor Admin = new("ada", KcsRole.Admin);
    private static readonly Viewer InternalViewer = Viewer.Internal(KcsRole.Contributor);
    private static readonly Viewer CustomerViewer = Viewer.Customer(KcsRole.Contributor);

    private ArticleReads Reads => new(Database.Factory);

    private static ArticleEdit Edit(string title, KcsState state, Audience audience, string[]? categories = null, string[]? tags = null, string? owner = null) => new()
    {
        Title = title, Body = "## Issue\nSomething.\n\n## Resolution\nFix it.", State = state, Audience = audience,
        Categories = categories ?? ["email-outlook"], Tags = tags ?? [], Owner = owner,
    };

    [Fact]
    public async Task The_article_page_shows_a_customer_only_the_versions_that_were_validated_customer_text()
    {
        var v1 = await Store.CreateAsync(Admin, "kb-1", Edit("Draft", KcsState.NotValidated, Audience.Internal));
        Clock.Advance(TimeSpan.FromMinutes(1));
        var v2 = await Store.UpdateAsync(Admin, "kb-1", v1.Version, Edit("Published", KcsState.Validated, Audience.Customer));
        Assert.True(v2.Applied, v2.Message);

        var asCustomer = await Reads.PageAsync("kb-1", CustomerViewer);
        var asInternal = await Reads.PageAsync("kb-1", InternalViewer);

        Assert.NotNull(asCustomer);
        Assert.Equal("Published", asCustomer.Article.Title);
        Assert.Equal([2], asCustomer.Revisions.Select(r => r.Version));
        Assert.Equal([2, 1], asInternal!.Revisions.Select(r => r.Version));
    }

    [Fact]
    public async Task An_internal_or_deleted_article_is_not_found_for_whoever_may_not_see_it()
    {
        await Store.CreateAsync(Admin, "kb-internal", Edit("Internal", KcsState.Validated, Audience.Internal));
        var deleted = await Store.CreateAsync(Admin, "kb-deleted", Edit("Deleted", KcsState.Validated, Audience.Customer));
        await Store.DeleteAsync(Admin, deleted.Id, deleted.Version);

        Assert.Null(await Reads.PageAsync("kb-internal", CustomerViewer));
        Assert.Null(await Reads.PageAsync("kb-internal", Viewer.Anonymous));
        Assert.NotNull(await Reads.PageAsync("kb-internal", InternalViewer));
        Assert.Null(await Reads.PageAsync("kb-deleted", InternalViewer));
        Assert.Null(await Reads.PageAsync("kb-missing", InternalViewer));
    }

    [Fact]
    public async Task The_article_page_lists_categories_in_the_articles_order_and_falls_back_to_the_primary_categorys_owner()
    {
        var pat = await UserAsync("pat");
        await Store.CreateAsync(Admin, "kb-1", Edit("Two categories", KcsState.Validated, Audience.Internal, categories: ["identity", "email"]));
        await Store.CreateAsync(Admin, "kb-2", Edit("Owned", KcsState.Validated, Audience.Internal, categories: ["identity"], owner: pat));

        var unowned = await Reads.PageAsync("kb-1", InternalViewer);
        var owned = await Reads.PageAsync("kb-2", InternalViewer);

        Assert.Equal(["identity", "email"], unowned!.Categories.Select(c => c.Id));
        Assert.Equal("identity-team", unowned.AccountableOwner);
        Assert.Equal(pat, owned!.AccountableOwner);
    }

    [Fact]
    public async Task The_home_lists_hold_what_the_viewer_may_see_without_archived_articles_newest_and_most_reused_first()
    {
        await Store.CreateAsync(Admin, "kb-old", Edit("Old customer", KcsState.Validated, Audience.Customer, categories: ["identity", "email"]));
        Clock.Advance(TimeSpan.FromMinutes(1));
        await Store.CreateAsync(Admin, "kb-internal", Edit("Internal", KcsState.Validated, Audience.Internal));
        Clock.Advance(TimeSpan.FromMinutes(1));
        await Store.CreateAsync(Admin, "kb-new", Edit("New customer", KcsState.Validated, Audience.Customer));
        Clock.Advance(TimeSpan.FromMinutes(1));
        await Store.CreateAsync(Admin, "kb-archived", Edit("Archived", KcsState.Validated, Audience.Customer));
        await using (var db = Database.Factory.CreateDbContext())
        {
            await db.Articles.Where(a => a.Id == "kb-archived").ExecuteUpdateAsync(s => s.SetProperty(a => a.State, KcsState.Archived));
            await db.Articles.Where(a => a.Id == "kb-old").ExecuteUpdateAsync(s => s.SetProperty(a => a.ReuseCount, 7));
        }

        var recentForCustomer = await Reads.RecentlyUpdatedAsync(CustomerViewer);
        var recentForInternal = await Reads.RecentlyUpdatedAsync(InternalViewer);
        var reused = await Reads.MostReusedAsync(CustomerViewer);

        Assert.Equal(["kb-new", "kb-old"], recentForCustomer.Select(a => a.Id));
        Assert.Equal(["kb-new", "kb-internal", "kb-old"], recentForInternal.Select(a => a.Id));
        Assert.Equal(["kb-old", "kb-new"], reused.Select(a => a.Id));
        Assert.Equal(new ArticleSummary("kb-old", "Old customer", KcsState.Validated, 7, "identity"), reused[0]);
        Assert.Empty(await Reads.RecentlyUpdatedAsync(Viewer.Anonymous));
        Assert.Single(await Reads.RecentlyUpdatedAsync(InternalViewer, count: 1));
    }

    [Fact]
    public async Task A_customer_reads_on_the_article_page_and_home_lists_only_articles_for_every_client_or_their_own()
    {
        await Store.CreateAsync(Admin, "kb-all", Edit("Every client", KcsState.Validated, Audience.Customer));
        await Store.CreateAsync(Admin, "kb-contoso", Edit("Contoso only", KcsState.Validated, Audience.Customer) with { Clients = ["Contoso"] });
        var contoso = Viewer.Customer(KcsRole.Contributor, "Contoso");
        var fabrikam = Viewer.Customer(KcsRole.Contributor, "Fabrikam");

        Assert.NotNull(await Reads.PageAsync("kb-contoso", contoso));
        Assert.Null(await Reads.PageAsync("kb-contoso", fabrikam));
        Assert.Null(await Reads.PageAsync("kb-contoso", CustomerViewer));
        Assert.NotNull(await Reads.PageAsync("kb-all", fabrikam));
        Assert.Equal(["kb-all"], (await Reads.RecentlyUpdatedAsync(fabrikam)).Select(a => a.Id));
        Assert.Equal(["kb-all", "kb-contoso"], (await Reads.MostReusedAsync(contoso)).Select(a => a.Id).Order());
        Assert.NotNull(await Reads.PageAsync("kb-contoso", InternalViewer));
    }

    [Fact]
    public async Task Linked_tickets_and_titles_are_the_service_desks_data_and_removed_links_are_left_out()
    {
        await Store.CreateAsync(Admin, "kb-1", Edit("Reset the token", KcsState.Validated, Audience.Customer));
        await TicketAsync("T1", At(2026, 3, 1), null);
        await TicketAsync("T2", At(2026, 3, 1), null);
        await LinkAsync("T1", "kb-1", LinkType.Resolved, At(2026, 3, 2));
        var removed = await LinkAsync("T2", "kb-1", LinkType.Resolved, At(2026, 3, 3));
        await Ledger.RemoveLinkAsync(Contributor, removed.Link.Id);

        var tickets = await Reads.LinkedTicketsAsync("kb-1", InternalViewer);

        Assert.Equal([Key("T1")], tickets.Select(t => t.Ticket));
        Assert.Equal("kb-1", tickets[0].Link.ArticleId);
        Assert.Empty(await Reads.LinkedTicketsAsync("kb-1", CustomerViewer));
        Assert.Equal("Reset the token", (await Reads.LinkedTitlesAsync(["kb-1", "kb-missing"], InternalViewer))["kb-1"]);
        Assert.Empty(await Reads.LinkedTitlesAsync(["kb-1"], CustomerViewer));
    }

    [Fact]
    public async Task Tags_in_use_are_listed_once_alphabetically()
    {
        await Store.CreateAsync(Admin, "kb-1", Edit("One", KcsState.Validated, Audience.Internal, tags: ["vpn", "outlook"]));
        await Store.CreateAsync(Admin, "kb-2", Edit("Two", KcsState.Validated, Audience.Internal, tags: ["outlook", "mfa"]));

        Assert.Equal(["mfa", "outlook", "vpn"], await Reads.TagsInUseAsync());
        Assert.Equal(["mfa"], await Reads.TagsInUseAsync(limit: 1));
    }
}

public sealed class SqliteArticleReadsTests : ArticleReadsTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.CreateSqliteAsync();
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresArticleReadsTests(PostgresServerFixture postgres) : ArticleReadsTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.CreatePostgresAsync(postgres.Server);
}
