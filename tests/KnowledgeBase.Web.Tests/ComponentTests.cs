using System.Security.Claims;
using Bunit;
using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Changes;
using KnowledgeBase.Core.Lifecycle;
using KnowledgeBase.Data;
using KnowledgeBase.Data.Articles;
using KnowledgeBase.Testing;
using KnowledgeBase.Web.Components.Pages.Articles;
using KnowledgeBase.Web.Components.Shared;
using KnowledgeBase.Web.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Web.Tests;

public sealed class ComponentTests : BunitContext, IAsyncLifetime
{
    private TestDatabase _database = null!;
    private readonly string _indexFolder = Directory.CreateTempSubdirectory("kb-bunit-index-").FullName;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateSqliteAsync();
        Services.AddSingleton<IDbContextFactory<KnowledgeBaseDbContext>>(_database.Factory);
        Services.AddSingleton(new ArticleStore(_database.Factory, TimeProvider.System));
        Services.AddSingleton(new ProposalReads(_database.Factory));
        Services.AddSingleton(new ArticleReads(_database.Factory));
        Services.AddSingleton(new KnowledgeBase.Data.Categories.CategoryReads(_database.Factory));
        Services.AddSingleton(new KnowledgeBase.Data.Tickets.TicketReads(_database.Factory));
        Services.AddSingleton(new KnowledgeBase.Data.Owners.OwnerDirectory(_database.Factory, TimeProvider.System));
        Services.AddSingleton(new KnowledgeBase.Data.Tickets.ReuseLedger(_database.Factory, TimeProvider.System));
        var host = new KnowledgeBase.Search.Sync.SearchIndexHost(_indexFolder, () => KnowledgeBase.Search.SynonymSet.Empty);
        Services.AddSingleton(host);
        // The search and intake pages say when the index is behind; here it is idle and up to date.
        Services.AddSingleton(new KnowledgeBase.Search.Sync.IndexSynchronizer(host, new KnowledgeBase.Data.Indexing.ArticleChangeFeed(_database.Factory), new ChangeSignal(), TimeProvider.System,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<KnowledgeBase.Search.Sync.IndexSynchronizer>.Instance));
        Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(new KnowledgeBase.Web.Hosting.SearchOptions()));
        // The semantic step as on a site whose model has not loaded yet: searches and suggestions match words only.
        Services.AddSingleton(new KnowledgeBase.Search.Semantic.SemanticSearch());
        Services.AddSingleton(new KnowledgeBase.Web.Tickets.PinnedTicket(new Microsoft.AspNetCore.Http.HttpContextAccessor()));
        SignIn(Audience.Internal);
    }

    private void SignIn(Audience audience)
    {
        var auth = AddAuthorization();
        auth.SetAuthorized("casey@test.local");
        auth.SetClaims(new Claim(KbClaims.Role, nameof(KcsRole.Contributor)), new Claim(KbClaims.Audience, audience.ToString()));
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await _database.DisposeAsync();
        try { Directory.Delete(_indexFolder, recursive: true); } catch (IOException) { }
    }

    [Theory]
    [InlineData(KcsState.Wip, "WIP")]
    [InlineData(KcsState.NotValidated, "Not Validated")]
    [InlineData(KcsState.Validated, "Validated")]
    [InlineData(KcsState.Archived, "Archived")]
    public void The_state_badge_names_the_state_in_words(KcsState state, string text)
    {
        var badge = Render<StateBadge>(p => p.Add(b => b.State, state));
        Assert.Equal(text, badge.Find("span.badge").TextContent);
    }

    [Fact]
    public async Task The_article_page_encodes_the_title_and_renders_only_the_sanitized_body()
    {
        var store = new ArticleStore(_database.Factory, TimeProvider.System);
        await store.CreateAsync(new Actor("casey", KcsRole.Contributor), "kb-x", new ArticleEdit
        {
            Title = "<img src=x onerror=alert(1)> Printer offline",
            Body = "## Issue\nThe printer is offline. <img src=x onerror=alert(2)>\n\n## Resolution\nRestart the spooler.",
            Tags = ["<b>spooler</b>"],
        });

        var page = Render<ArticlePage>(p => p.Add(a => a.Id, "kb-x"));

        page.WaitForAssertion(() => Assert.Equal("<img src=x onerror=alert(1)> Printer offline", page.Find("h1").TextContent));
        Assert.Empty(page.FindAll("[onerror]"));
        Assert.Equal("Restart the spooler.", page.Find("#resolution + p").TextContent);
        Assert.Contains("b-spooler-b", page.Find(".tag").TextContent);
        Assert.Single(page.FindAll(".revisions tbody tr"));
    }

    [Fact]
    public async Task A_customer_reader_is_told_an_internal_article_does_not_exist()
    {
        var store = new ArticleStore(_database.Factory, TimeProvider.System);
        await store.CreateAsync(new Actor("casey", KcsRole.Contributor), "kb-internal", new ArticleEdit { Title = "Internal runbook", Body = "Secret steps.", State = KcsState.Validated });
        SignIn(Audience.Customer);

        var page = Render<ArticlePage>(p => p.Add(a => a.Id, "kb-internal"));

        page.WaitForAssertion(() => Assert.Equal("Article not found", page.Find("h1").TextContent));
        Assert.DoesNotContain("Secret steps", page.Markup);
        Assert.DoesNotContain("Internal runbook", page.Markup);
    }

    [Fact]
    public void The_article_page_for_a_missing_id_says_it_was_not_found()
    {
        var page = Render<ArticlePage>(p => p.Add(a => a.Id, "missing"));
        page.WaitForAssertion(() => Assert.Equal("Article not found", page.Find("h1").TextContent));
    }
    [Fact]
    public async Task An_intake_action_shows_the_suggestions_for_the_text_typed_so_far_at_once_and_no_late_list_follows()
    {
        var host = Services.GetRequiredService<KnowledgeBase.Search.Sync.SearchIndexHost>();
        var (index, generation) = host.CreateNext();
        index.Upsert([new KnowledgeBase.Search.SearchDocument("kb-zebra", "Zebra label printer prints blank labels", "Blank labels after a driver update.", "", "Reinstall the ZDesigner driver.", "", "",
            [], [], KcsState.Validated, Audience.Internal, "casey", DateTime.UtcNow, 0, 1)]);
        index.RefreshNow();
        host.Swap(index, generation);
        var navigation = Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>();
        navigation.NavigateTo("/intake?system=halo&instance=main&ticket=T-9&subject=Warehouse");
        var page = Render<KnowledgeBase.Web.Components.Pages.Tickets.Intake>();
        page.WaitForAssertion(() => Assert.Contains("No known solution is close enough", page.Markup));

        // Typing starts a pause before suggestions; the action comes before the pause ends.
        var typing = page.Find("textarea").InputAsync(new() { Value = "The zebra label printer prints blank labels" });
        await page.FindAll("button").Single(b => b.TextContent.StartsWith("No match", StringComparison.Ordinal)).ClickAsync(new());

        Assert.Contains("Created the WIP article", page.Find("[role=status]").TextContent);
        Assert.Equal("Zebra label printer prints blank labels", page.Find("#suggestions li a").TextContent);
        // The typing handler ends later and re-renders (new handler ids), but what the page shows must not change.
        var shownAfterAction = string.Concat(page.Nodes.Select(n => n.TextContent));
        await typing;
        await Task.Delay(400);
        Assert.Equal(shownAfterAction, string.Concat(page.Nodes.Select(n => n.TextContent)));
    }

    [Fact]
    public async Task An_intake_search_is_logged_with_source_intake_its_ticket_and_what_it_showed_and_an_attach_marks_it_successful()
    {
        var article = await Services.GetRequiredService<ArticleStore>().CreateAsync(new Actor("casey", KcsRole.Contributor), "kb-wombat", new ArticleEdit
        {
            Title = "Wombat scanner stops after sleep", Body = "## Issue\nThe wombat scanner stops after sleep.\n\n## Resolution\nTurn off USB selective suspend.",
            State = KcsState.Validated,
        });
        var host = Services.GetRequiredService<KnowledgeBase.Search.Sync.SearchIndexHost>();
        var (index, generation) = host.CreateNext();
        index.Upsert([new KnowledgeBase.Search.SearchDocument(article.Id, article.Title, "The wombat scanner stops after sleep.", "", "Turn off USB selective suspend.", "", "",
            [], [], KcsState.Validated, Audience.Internal, "casey", DateTime.UtcNow, 0, 1)]);
        index.RefreshNow();
        host.Swap(index, generation);
        Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().NavigateTo("/intake?system=halo&instance=main&ticket=T-10&subject=Wombat%20scanner%20stops%20after%20sleep");
        var page = Render<KnowledgeBase.Web.Components.Pages.Tickets.Intake>();
        page.WaitForAssertion(() => Assert.Equal("Wombat scanner stops after sleep", page.Find("#suggestions li a").TextContent));

        await page.FindAll("button").Single(b => b.TextContent == "Attach as resolved").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains("Attached as resolved", page.Find("[role=status]").TextContent));
        await using var db = await _database.Factory.CreateDbContextAsync();
        var logged = Assert.Single(await db.SearchLog.AsNoTracking().ToListAsync());
        Assert.Equal((KnowledgeBase.Core.Tickets.SearchSource.Intake, new KnowledgeBase.Core.Tickets.TicketKey("halo", "main", "T-10"), "kb-wombat", "kb-wombat", false),
            (logged.Source, logged.Ticket, logged.ShownArticleIds, logged.LinkedArticleId, logged.Prefetch));
    }

    [Fact]
    public async Task Intake_has_no_made_up_ticket_system_and_names_each_missing_field_next_to_it()
    {
        var navigation = Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>();
        navigation.NavigateTo("/intake?subject=Printer%20offline");
        var page = Render<KnowledgeBase.Web.Components.Pages.Tickets.Intake>();

        page.WaitForAssertion(() => Assert.Equal("", page.Find("#intake-system").GetAttribute("value")));
        Assert.Equal("", page.Find("#intake-instance").GetAttribute("value"));
        await page.FindAll("button").Single(b => b.TextContent.StartsWith("No match", StringComparison.Ordinal)).ClickAsync(new());

        Assert.Equal("The ticket id is required.", page.Find("#intake-id-error").TextContent);
        Assert.Equal("The ticket's PSA system is required.", page.Find("#intake-system-error").TextContent);
        Assert.Equal("true", page.Find("#intake-id").GetAttribute("aria-invalid"));
        Assert.Empty(page.FindAll("#intake-subject-error"));
        await using var db = await _database.Factory.CreateDbContextAsync();
        Assert.Empty(db.Tickets);
    }

    private void IndexForSearchPage(params KnowledgeBase.Search.SearchDocument[] docs)
    {
        var host = Services.GetRequiredService<KnowledgeBase.Search.Sync.SearchIndexHost>();
        var (index, generation) = host.CreateNext();
        index.Upsert(docs);
        index.RefreshNow();
        host.Swap(index, generation);
    }

    private static KnowledgeBase.Search.SearchDocument SearchDoc(string id, string title, string issue, KcsState state, Audience audience = Audience.Internal) =>
        new(id, title, issue, "", "", "", "", [], ["printing"], state, audience, "casey", DateTime.UtcNow, 0, 1);

    [Fact]
    public void The_search_page_finds_a_wip_article_marks_it_and_offers_every_state_in_the_filter()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
        IndexForSearchPage(
            SearchDoc("kb-zebra", "Label printer Zebra ZD421 prints blank labels", "Blank labels since Monday.", KcsState.Wip),
            SearchDoc("kb-zebra-old", "Zebra ZD421 labels print blank after firmware 2019", "Old firmware.", KcsState.Archived));
        Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().NavigateTo("/?q=zebra%20zd421");

        var page = Render<KnowledgeBase.Web.Components.Pages.Home>();

        page.WaitForAssertion(() => Assert.Equal("Label printer Zebra ZD421 prints blank labels", page.Find("#search-results li a").TextContent));
        Assert.Contains("wip", page.Find("#search-results li").ClassList);
        Assert.Equal("WIP", page.Find("#search-results li .badge").TextContent);
        var states = page.FindAll("fieldset.facet").Single(f => f.QuerySelector("legend")!.TextContent == "State");
        Assert.Equal(["WIP", "Archived"], states.QuerySelectorAll(".facet-value > span:first-child").Select(e => e.TextContent).Order().Reverse());
    }

    [Fact]
    public void A_customer_sees_search_results_without_states_owners_or_internal_filters()
    {
        SignIn(Audience.Customer);
        JSInterop.Mode = JSRuntimeMode.Loose;
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
        IndexForSearchPage(SearchDoc("kb-public", "Reset your password", "You forgot your password.", KcsState.Validated, Audience.Customer));
        Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().NavigateTo("/?q=password");

        var page = Render<KnowledgeBase.Web.Components.Pages.Home>();

        page.WaitForAssertion(() => Assert.Equal("Reset your password", page.Find("#search-results li a").TextContent));
        Assert.Empty(page.FindAll(".badge"));
        Assert.DoesNotContain("owner", page.Markup, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(page.FindAll("fieldset.facet legend"), l => l.TextContent is "State" or "Owner");
        Assert.DoesNotContain("Validated", page.Markup);
    }
}
