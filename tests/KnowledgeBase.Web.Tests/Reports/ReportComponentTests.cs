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
        Services.AddSingleton(sp => new ReuseLedger(_database.Factory, clock));
        Services.AddSingleton(sp => new ReuseReports(_database.Factory));
        Services.AddSingleton(sp => new StaleDocumentation(_database.Factory, clock));
        Services.AddSingleton(sp => new ReviewQueue(_database.Factory, clock, sp.GetRequiredService<ArticleStore>(), sp.GetRequiredService<ReuseLedger>()));
        Services.AddSingleton<ReportData>();
        Services.AddSingleton(new AuditLog(_database.Factory, clock));
        Services.AddSingleton<CategoryAdministration>();
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

    [Fact]
    public async Task The_overview_charts_the_rates_of_closed_tickets_and_links_every_number()
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
        Services.GetRequiredService<NavigationManager>().NavigateTo("/reports?from=2026-01-05&to=2026-01-11&by=technician");

        var page = Render<ReportsOverview>();

        page.WaitForAssertion(() => Assert.Contains("75% (3 of 4)", page.Find("#link-rate-caption").TextContent));
        Assert.Contains("33.3% (1 of 3)", page.Find("#effectiveness-caption").TextContent);
        // People by name, not by score.
        Assert.Equal(["adam", "zoe"], page.FindAll("#rows-heading ~ div table tbody th").Select(th => th.TextContent));
        Assert.Contains(page.FindAll("a"), a => a.GetAttribute("href") == "reports/tickets?from=2026-01-05&to=2026-01-11&technician=zoe&measure=linked");
        Assert.Contains(page.FindAll("a"), a => a.GetAttribute("href") == "reports/tickets?from=2026-01-05&to=2026-01-11&article=kb-1");
    }

    [Fact]
    public async Task The_review_queue_shows_why_each_article_is_there_and_offers_the_actions_the_role_allows()
    {
        var id = await StaleArticles.CreateReviewDueAsync(_database.Factory, TimeProvider.System, "dana.okafor", "MFA prompt missing");
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

        page.WaitForAssertion(() => Assert.Contains("Nothing to review for nobody", page.Markup));
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
