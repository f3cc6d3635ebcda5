using KnowledgeBase.Data.Categories;
using System.Security.Claims;
using Bunit;
using KnowledgeBase.Core.Lifecycle;
using KnowledgeBase.Core.Tickets;
using KnowledgeBase.Data;
using KnowledgeBase.Data.Articles;
using KnowledgeBase.Data.Audit;
using KnowledgeBase.Data.Reports;
using KnowledgeBase.Data.Tickets;
using KnowledgeBase.Testing;
using KnowledgeBase.Web.Components.Pages.Categories;
using KnowledgeBase.Web.Components.Pages.Reports;
using KnowledgeBase.Web.Identity;
using KnowledgeBase.Web.Reports;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Web.Tests.Reports;

/// <summary>The report, queue and category pages rendered by bunit against a migrated SQLite database with two categories.</summary>
public sealed class ReportComponentTests : BunitContext, IAsyncLifetime
{
    private TestDatabase _database = null!;
    private readonly KnowledgeBase.Search.Semantic.SemanticSearch Semantic = new();

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateSqliteAsync();
        await using (var db = await _database.Factory.CreateDbContextAsync())
        {
            db.Categories.Add(new() { Id = "identity", Name = "Identity & Access", Owner = "identity-team", ReviewIntervalDays = 180 });
            db.Categories.Add(new() { Id = "identity-mfa", Name = "MFA", ParentId = "identity", Owner = "dana.okafor", ReviewIntervalDays = 90, Description = "Authenticator problems." });
            await db.SaveChangesAsync();
        }
        var clock = TimeProvider.System;
        Services.AddSingleton<IDbContextFactory<KnowledgeBaseDbContext>>(_database.Factory);
        Services.AddSingleton(clock);
        Services.AddSingleton(new ArticleStore(_database.Factory, clock));
        Services.AddSingleton(new ProposalReads(_database.Factory));
        Services.AddSingleton(new KnowledgeBase.Data.Owners.OwnerDirectory(_database.Factory, TimeProvider.System));
        Services.AddSingleton(sp => new ReuseLedger(_database.Factory, clock));
        Services.AddSingleton(sp => new ReuseReports(_database.Factory));
        Services.AddSingleton(sp => new StaleDocumentation(_database.Factory, clock));
        Services.AddSingleton(sp => new ReviewQueue(_database.Factory, clock, sp.GetRequiredService<ArticleStore>(), sp.GetRequiredService<ReuseLedger>()));
        Services.AddSingleton<ReportData>();
        Services.AddSingleton(new AuditLog(_database.Factory, clock));
        Services.AddSingleton<CategoryAdministration>();
        Services.AddSingleton(Semantic);
        Services.AddSingleton(sp => new KnowledgeBase.Data.Semantic.EmbeddingStore(_database.Factory, clock));
        Services.AddSingleton<KnowledgeBase.Web.Semantic.TextVectors>();
        SignIn("casey@test.local", KcsRole.Contributor);
    }

    private void SignIn(string name, KcsRole role)
    {
        var auth = AddAuthorization();
        auth.SetAuthorized(name);
        auth.SetClaims(new Claim(KbClaims.Role, role.ToString()), new Claim(KbClaims.Audience, "Internal"));
    }

    async Task IAsyncLifetime.DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public void The_overview_of_an_empty_period_shows_no_data_charts_and_no_nan()
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo("/reports?from=2026-01-05&to=2026-02-01&by=technician");

        var page = Render<ReportsOverview>();

        page.WaitForAssertion(() => Assert.Equal(6, page.FindAll("figure.trend-chart").Count));
        Assert.Equal(6, page.FindAll(".no-data").Count);
        Assert.Equal(4, page.Find("#link-rate-caption").ParentElement!.QuerySelectorAll("details tbody tr").Length);
        Assert.DoesNotContain("NaN", page.Markup);
        Assert.Contains("reports/trend.csv?from=2026-01-05&amp;to=2026-02-01", page.Markup);
    }

    /// <summary>
    /// Week 2026-W02, all closed 2026-01-06 10:00 in identity-mfa (dana.okafor) for Contoso: T-0 (zoe, kb-1 resolved),
    /// T-1 (adam, reference), T-2 (zoe, reference), T-3 (adam, no link); two searches, one of them finding nothing.
    /// </summary>
    private async Task SeedJanuaryAsync()
    {
        var ledger = Services.GetRequiredService<ReuseLedger>();
        var store = Services.GetRequiredService<ArticleStore>();
        var admin = new Actor("admin", KcsRole.Admin);
        var article = await store.CreateAsync(admin, "kb-1", new() { Title = "Reset MFA", Body = "## Issue\nx", State = Core.Articles.KcsState.Validated, Categories = ["identity-mfa"] });
        var closed = new DateTime(2026, 1, 6, 10, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < 4; i++)
        {
            await ledger.UpsertTicketAsync(new TicketUpsert
            {
                Key = new TicketKey("psa", "main", $"T-{i}"), Subject = $"MFA problem {i}", CategoryId = "identity-mfa", Client = "Contoso", Technician = i % 2 == 0 ? "zoe" : "adam",
                Status = TicketStatus.Closed, OpenedAt = closed.AddHours(-2), ClosedAt = closed,
            });
            if (i < 3) await ledger.LinkAsync(admin, new LinkRequest(new TicketKey("psa", "main", $"T-{i}"), article.Id, i == 0 ? LinkType.Resolved : LinkType.Reference));
        }
        await using var db = await _database.Factory.CreateDbContextAsync();
        db.SearchLog.Add(new SearchLogEntry { Query = "mfa reset", NormalizedQuery = "mfa reset", ResultCount = 3, UserName = "zoe", SessionId = "s1", OccurredAt = closed, Category = "identity-mfa", OpenedArticleId = "kb-1" });
        db.SearchLog.Add(new SearchLogEntry { Query = "yubikey pin", NormalizedQuery = "yubikey pin", ResultCount = 0, UserName = "adam", SessionId = "s2", OccurredAt = closed, Category = "identity-mfa" });
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task The_overview_charts_the_rates_of_closed_tickets_and_links_every_number()
    {
        await SeedJanuaryAsync();
        Services.GetRequiredService<NavigationManager>().NavigateTo("/reports?from=2026-01-05&to=2026-01-11&by=technician");

        var page = Render<ReportsOverview>();

        page.WaitForAssertion(() => Assert.Contains("75% (3 of 4)", page.Find("#link-rate-caption").TextContent));
        Assert.Contains("33.3% (1 of 3)", page.Find("#effectiveness-caption").TextContent);
        // People by name, not by score.
        Assert.Equal(["adam", "zoe"], page.FindAll("#rows-heading ~ div table tbody th").Select(th => th.TextContent));
        var hrefs = page.FindAll("a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Contains("reports/tickets?from=2026-01-05&to=2026-01-11&technician=zoe&measure=linked", hrefs);
        Assert.Contains("reports/tickets?from=2026-01-05&to=2026-01-11&technician=zoe&measure=linked&of=closed", hrefs);
        Assert.Contains("reports/tickets?from=2026-01-05&to=2026-01-11&article=kb-1", hrefs);
        Assert.Contains("reports/tickets?from=2026-01-05&to=2026-01-11&article=kb-1&resolved=true&of=closed", hrefs);
        Assert.Contains("reports/links?from=2026-01-05&to=2026-01-11&resolved=true&of=all", hrefs);
        Assert.Contains("reports/searches?from=2026-01-05&to=2026-01-11&measure=zero-result&of=all", hrefs);
        // Every number of every table is a link, and so is each chart's total: its rate, its part and its whole.
        Assert.All(page.FindAll("td.num"), td => Assert.NotNull(td.QuerySelector("a")));
        Assert.Equal(
        [
            ("75%", "reports/tickets?from=2026-01-05&to=2026-01-11&measure=linked&of=closed"),
            ("3", "reports/tickets?from=2026-01-05&to=2026-01-11&measure=linked"),
            ("4", "reports/tickets?from=2026-01-05&to=2026-01-11&measure=closed"),
        ], page.FindAll("#link-rate-caption a").Select(a => (a.TextContent, a.GetAttribute("href"))));
    }

    [Fact]
    public async Task A_filter_in_the_address_narrows_the_overview_says_so_and_keeps_to_it_in_every_link()
    {
        await SeedJanuaryAsync();
        Services.GetRequiredService<NavigationManager>().NavigateTo("/reports?from=2026-01-05&to=2026-01-11&by=technician&technician=zoe");

        var page = Render<ReportsOverview>();

        page.WaitForAssertion(() => Assert.Equal(["zoe"], page.FindAll("#rows-heading ~ div table tbody th").Select(th => th.TextContent)));
        Assert.Contains("Only tickets where technician is zoe.", page.Find("#report-filter").TextContent);
        Assert.Equal("reports?from=2026-01-05&to=2026-01-11&by=technician", page.Find("#report-filter a").GetAttribute("href"));
        Assert.Equal("zoe", page.Find("form.report-filters input[name=technician]").GetAttribute("value"));
        Assert.All(page.FindAll("#link-rate-caption a"), a => Assert.Contains("technician=zoe", a.GetAttribute("href")));
    }

    [Fact]
    public async Task Participation_rows_of_an_owners_dashboard_drill_down_to_the_owners_tickets_of_that_technician()
    {
        await SeedJanuaryAsync();
        Services.GetRequiredService<NavigationManager>().NavigateTo("/reports/owner/dana.okafor?from=2026-01-05&to=2026-01-11");

        var page = Render<OwnerReport>(p => p.Add(r => r.Owner, "dana.okafor"));

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("#participation-heading ~ div table tbody tr")));
        var zoe = page.FindAll("#participation-heading ~ div table tbody tr").Single(tr => tr.QuerySelector("th")!.TextContent == "zoe");
        Assert.Equal(
        [
            ("2", "reports/tickets?from=2026-01-05&to=2026-01-11&owner=dana.okafor&technician=zoe&measure=closed"),
            ("2", "reports/tickets?from=2026-01-05&to=2026-01-11&owner=dana.okafor&technician=zoe&measure=linked"),
            ("100%", "reports/tickets?from=2026-01-05&to=2026-01-11&owner=dana.okafor&technician=zoe&measure=linked&of=closed"),
        ], zoe.QuerySelectorAll("td.num a").Select(a => (a.TextContent, a.GetAttribute("href"))));
    }

    [Fact]
    public async Task A_rate_drill_down_lists_its_part_and_links_its_whole()
    {
        await SeedJanuaryAsync();
        Services.GetRequiredService<NavigationManager>().NavigateTo("/reports/tickets?from=2026-01-05&to=2026-01-11&owner=dana.okafor&technician=adam&measure=linked&of=closed");

        var page = Render<TicketsDrillDown>();

        page.WaitForAssertion(() => Assert.Equal("1 ticket, of 2 (50%).", page.Find(".drill-total").TextContent));
        Assert.Equal(["psa / main / T-1"], page.FindAll("tbody tr td:first-child").Select(td => td.TextContent));
        Assert.Equal("reports/tickets?from=2026-01-05&to=2026-01-11&owner=dana.okafor&technician=adam&measure=closed", page.Find(".drill-total a").GetAttribute("href"));
        Assert.Contains("owner dana.okafor (unclaimed), technician adam", page.Find("h1 + p").TextContent);
    }

    [Fact]
    public async Task The_link_drill_down_lists_the_resolved_links_behind_resolution_effectiveness()
    {
        await SeedJanuaryAsync();
        Services.GetRequiredService<NavigationManager>().NavigateTo("/reports/links?from=2026-01-05&to=2026-01-11&resolved=true&of=all");

        var page = Render<LinksDrillDown>();

        page.WaitForAssertion(() => Assert.Equal("1 link, of 3 (33.3%).", page.Find(".drill-total").TextContent));
        var row = page.Find("tbody tr");
        Assert.Equal(["psa / main / T-0", "Reset MFA", "resolved", "admin"], row.Children.Take(4).Select(td => td.TextContent));
    }

    [Fact]
    public async Task The_search_drill_down_lists_the_searches_that_found_nothing_with_create_article()
    {
        await SeedJanuaryAsync();
        Services.GetRequiredService<NavigationManager>().NavigateTo("/reports/searches?from=2026-01-05&to=2026-01-11&category=identity-mfa&measure=zero-result&query=yubikey%20pin");

        var page = Render<SearchesDrillDown>();

        page.WaitForAssertion(() => Assert.Equal("1 search.", page.Find(".drill-total").TextContent));
        Assert.Equal("yubikey pin", page.Find("tbody th").TextContent);
        Assert.Equal("articles/new?issue=yubikey%20pin", page.Find("tbody a").GetAttribute("href"));
        Assert.Contains("category Identity & Access › MFA", page.Find("h1 + p").TextContent);
    }

    [Fact]
    public async Task Content_gaps_link_each_count_to_its_searches_and_tickets_within_the_pages_filter()
    {
        await SeedJanuaryAsync();
        Services.GetRequiredService<NavigationManager>().NavigateTo("/reports/gaps?from=2026-01-05&to=2026-01-11&client=Contoso");

        var page = Render<ContentGapsReport>();

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("section.gap-group")));
        var hrefs = page.FindAll("a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Contains("reports/searches?from=2026-01-05&to=2026-01-11&category=identity-mfa&client=Contoso&measure=zero-result&query=yubikey%20pin", hrefs);
        Assert.Contains("reports/tickets?from=2026-01-05&to=2026-01-11&category=identity-mfa&client=Contoso&measure=unlinked", hrefs);
        Assert.Equal(["MFA problem 3"], page.FindAll(".gap-tickets li > span:first-child").Select(s => s.TextContent));
    }

    [Fact]
    public async Task With_the_semantic_step_content_gaps_are_grouped_by_meaning_each_with_create_article()
    {
        var ledger = Services.GetRequiredService<ReuseLedger>();
        // "yubikey" and "security key" name the same thing; the tunnel is another problem.
        Semantic.Attach(new WordConcepts(["yubikey", "security", "key", "token"], ["pin", "code"], ["vpn", "tunnel"], ["drops", "disconnects"]));
        Semantic.SetBacklogDone(true);
        foreach (var query in new[] { "yubikey pin", "yubikey pin", "security key code", "vpn drops" })
            await ledger.LogSearchAsync("tech", "tech", query, 0, null);

        var page = Render<ContentGapsReport>();

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".gap-meaning > li")));
        var groups = page.FindAll(".gap-meaning > li");
        Assert.Equal(2, groups.Count);
        Assert.StartsWith("yubikey pin", groups[0].QuerySelector(".gap-lead strong")!.TextContent);
        Assert.Contains("3 searches", groups[0].TextContent);
        Assert.Contains("security key code", groups[0].TextContent);
        Assert.Equal("articles/new?issue=yubikey%20pin", groups[0].QuerySelector("a.button")!.GetAttribute("href"));
        Assert.Equal("vpn drops", groups[1].QuerySelector(".gap-lead strong")!.TextContent);
    }

    /// <summary>A stand-in for the model: words of one concept share a dimension, any other word has its own.</summary>
    private sealed class WordConcepts(params string[][] concepts) : KnowledgeBase.Search.Semantic.ITextEmbedder
    {
        public string ModelKey { get; } = KnowledgeBase.Search.Semantic.MiniLmEmbedder.KeyFor(KnowledgeBase.Search.Semantic.MiniLmEmbedder.DefaultMaxPieces);
        public int Dimensions => KnowledgeBase.Search.Semantic.MiniLmEmbedder.ModelDimensions;

        public float[] Embed(string text, CancellationToken cancellationToken = default)
        {
            var vector = new float[Dimensions];
            foreach (var word in text.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var concept = Array.FindIndex(concepts, c => c.Contains(word));
                vector[concept >= 0 ? concept : 64 + (int)((uint)StringComparer.Ordinal.GetHashCode(word) % 300)] += 1;
            }
            var norm = MathF.Sqrt(vector.Sum(v => v * v));
            return norm == 0 ? vector : vector.Select(v => v / norm).ToArray();
        }

        public void Dispose()
        {
        }
    }

    [Fact]
    public async Task The_review_queue_shows_why_each_article_is_there_and_offers_the_actions_the_role_allows()
    {
        // Owned through identity-mfa, whose owner is the unclaimed name dana.okafor.
        var id = await StaleArticles.CreateReviewDueAsync(_database.Factory, TimeProvider.System, null, "MFA prompt missing");
        await Services.GetRequiredService<ReuseLedger>().FlagAsync(new Actor("tech", KcsRole.Candidate), id, FlagReason.Outdated, "Old screenshots");

        var page = Render<ReviewQueuePage>(p => p.Add(q => q.Owner, "dana.okafor"));

        page.WaitForAssertion(() => Assert.Single(page.FindAll("li.queue-item")));
        var item = page.Find("li.queue-item");
        Assert.Contains("Review due", item.QuerySelector(".findings")!.TextContent);
        Assert.Contains("Old screenshots", item.QuerySelector(".flags")!.TextContent);
        Assert.NotNull(item.QuerySelector("form[action='review/confirm']"));
        Assert.NotNull(item.QuerySelector("form[action='review/resolve-flag']"));
        Assert.NotNull(item.QuerySelector("form[action='review/reassign']"));
        Assert.Null(item.QuerySelector("form[action='review/archive']"));
        Assert.Equal($"articles/{id}/edit", item.QuerySelector("a.button")!.GetAttribute("href"));
        Assert.Equal("bulk-confirm", item.QuerySelector("input[type=checkbox]")!.GetAttribute("form"));
    }

    [Fact]
    public void An_empty_queue_says_so()
    {
        var page = Render<ReviewQueuePage>(p => p.Add(q => q.Owner, "nobody"));

        // Nobody is called that: the page says so and shows the signed-in person's own (empty) queue.
        page.WaitForAssertion(() => Assert.Contains("Nothing to review for you", page.Markup));
        Assert.Contains("No user or team is called 'nobody'", page.Find(".notice").TextContent);
    }

    [Fact]
    public void The_category_tree_shows_each_node_and_no_edit_forms_to_a_contributor()
    {
        var page = Render<Categories>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("li.category-node").Count));
        Assert.Equal(["Identity & Access", "MFA"], page.FindAll("li.category-node h2").Select(h => h.TextContent));
        Assert.Contains("depth-1", page.Find("#cat-identity-mfa").ClassName);
        Assert.Contains("dana.okafor", page.Find("#cat-identity-mfa").TextContent);
        Assert.Contains("review every 90 days", page.Find("#cat-identity-mfa").TextContent);
        Assert.Empty(page.FindAll("form"));
    }

    [Fact]
    public void A_domain_expert_gets_edit_forms_that_never_offer_a_cycle()
    {
        SignIn("kde@test.local", KcsRole.KnowledgeDomainExpert);
        var editable = Render<Categories>();
        editable.WaitForAssertion(() => Assert.NotEmpty(editable.FindAll("form[action='categories/update']")));
        // A category is never offered as a parent of itself or of its ancestors.
        var parentsOfRoot = editable.FindAll("#cat-identity select[name=parentId] option").Select(o => o.GetAttribute("value")).ToList();
        Assert.Equal([""], parentsOfRoot);
    }
}
