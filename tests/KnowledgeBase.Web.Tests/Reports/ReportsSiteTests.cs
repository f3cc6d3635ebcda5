using KnowledgeBase.Data.Categories;
using System.Net;
using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Lifecycle;
using KnowledgeBase.Data;
using KnowledgeBase.Data.Reports;
using KnowledgeBase.Web.Reports;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Web.Tests.Reports;

/// <summary>The report pages, CSV exports, review queue actions and category edits over real HTTP, with the starter content.</summary>
public sealed class ReportsSiteTests(ReportsSiteTests.SiteFixture fixture) : IClassFixture<ReportsSiteTests.SiteFixture>
{
    public sealed class SiteFixture : IAsyncLifetime
    {
        public KnowledgeBaseSite Site { get; } = new();
        public Dictionary<KcsRole, HttpClient> Clients { get; } = [];

        public IDbContextFactory<KnowledgeBaseDbContext> Factory => Site.Services.GetRequiredService<IDbContextFactory<KnowledgeBaseDbContext>>();

        public async Task InitializeAsync()
        {
            foreach (var role in new[] { KcsRole.Candidate, KcsRole.Contributor, KcsRole.KnowledgeDomainExpert })
                Clients[role] = await Site.SignedInClientAsync(role);
        }

        public async Task DisposeAsync() => await Site.DisposeAsync();
    }

    /// <summary>A new account to own things (owners are accounts or teams); its e-mail is what forms and files name it by.</summary>
    private async Task<string> OwnerAsync()
    {
        var email = $"owner-{Guid.NewGuid():N}"[..20] + "@test.local";
        await fixture.Site.CreateUserAsync(email, KcsRole.Contributor);
        return email;
    }

    private async Task<string> RefOfAsync(string email) =>
        (await fixture.Site.Services.GetRequiredService<KnowledgeBase.Data.Owners.OwnerDirectory>().ResolveAsync(email)).Owner!.Ref;

    private Task<string> StaleAsync(string owner, string title = "MFA prompt missing") =>
        StaleArticles.CreateReviewDueAsync(fixture.Factory, TimeProvider.System, owner, title);

    [Theory]
    [InlineData("/reports")]
    [InlineData("/reports?by=technician&from=2020-01-01&to=2020-03-31")]
    [InlineData("/reports/owner/dana.okafor")]
    [InlineData("/reports/category/identity-mfa")]
    [InlineData("/reports/gaps")]
    [InlineData("/reports/tickets?measure=unlinked")]
    [InlineData("/reports/tickets?owner=dana.okafor&technician=ana.lima&measure=linked&of=closed")]
    [InlineData("/reports/searches?measure=zero-result&of=all")]
    [InlineData("/reports/links?resolved=true&of=all")]
    [InlineData("/reports/articles?rule=review-due")]
    [InlineData("/review")]
    [InlineData("/review/dana.okafor")]
    [InlineData("/categories")]
    public async Task Every_report_page_answers_a_signed_in_candidate(string path)
    {
        var response = await fixture.Clients[KcsRole.Candidate].GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // A rendered NaN (text, SVG coordinates, percentages), not the letters inside a base64 token of the page.
        Assert.DoesNotMatch("(?<![A-Za-z0-9+/])NaN(?![A-Za-z0-9+/=])", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Report_pages_and_exports_require_sign_in()
    {
        using var anonymous = fixture.Site.CreateLoopbackClient();
        foreach (var path in new[] { "/reports", "/reports/trend.csv", "/review", "/categories" })
        {
            var response = await anonymous.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/account/login", response.Headers.Location!.AbsolutePath);
        }
    }

    [Theory]
    [InlineData("/reports/reuse.csv?by=category", "category,closedTickets,linkedTickets,knownTickets,createdTickets,linkRate,reuseRate,createRate")]
    [InlineData("/reports/trend.csv", "week,weekStart,closedTickets,linkedTickets,knownTickets,createdTickets,linkRate,reuseRate,createRate,searches,successfulSearches,zeroResultSearches,searchSuccessRate,zeroResultRate,resolvedLinks,allLinks,resolutionEffectiveness")]
    [InlineData("/reports/participation.csv", "technician,closedTickets,linkedTickets,participation")]
    [InlineData("/reports/top-reused.csv", "articleId,title,reuseCount,resolvedLinks,allLinks,resolutionEffectiveness")]
    [InlineData("/reports/least-effective.csv", "articleId,title,reuseCount,resolvedLinks,allLinks,resolutionEffectiveness")]
    [InlineData("/reports/stale.csv", "rule,articles")]
    [InlineData("/reports/stale-articles.csv", "articleId,title,state,owner,primaryCategory,version,rules,staleSince")]
    [InlineData("/reports/tickets.csv?measure=linked", "system,instance,id,subject,category,client,technician,openedAt,closedAt")]
    [InlineData("/reports/searches.csv?measure=zero-result", "query,normalizedQuery,results,user,category,occurredAt,openedArticle,linkedArticle,source,ticket")]
    [InlineData("/reports/links.csv?resolved=true", "system,instance,id,articleId,articleTitle,type,linkedBy,linkedAt,ticketClosedAt")]
    [InlineData("/reports/gaps-queries.csv", "category,query,searches,lastSearchedAt")]
    [InlineData("/reports/gaps-unlinked.csv", "category,closedTickets,unlinkedTickets,unlinkedRate")]
    public async Task Each_export_is_a_csv_file_with_its_header_row(string path, string header)
    {
        var response = await fixture.Clients[KcsRole.Candidate].GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.NotNull(response.Content.Headers.ContentDisposition?.FileName);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(header, text.Split("\r\n")[0]);
    }

    [Fact]
    public async Task The_trend_export_has_one_row_per_week_of_the_period()
    {
        var text = await fixture.Clients[KcsRole.Candidate].GetStringAsync("/reports/trend.csv?from=2026-01-05&to=2026-02-01");
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(5, lines.Length);
        Assert.StartsWith("2026-W02,2026-01-05T00:00:00Z,0,0,0,0,,,", lines[1]);
    }

    [Fact]
    public async Task Exported_cells_are_quoted_and_formulas_are_defused()
    {
        var owner = await OwnerAsync();
        await StaleAsync(owner, "Printer \"offline\", again");
        await StaleAsync(owner, "=HYPERLINK(\"http://evil\")");

        var text = await fixture.Clients[KcsRole.Candidate].GetStringAsync($"/reports/stale-articles.csv?owner={Uri.EscapeDataString(await RefOfAsync(owner))}");

        Assert.Contains(",\"Printer \"\"offline\"\", again\",Validated," + owner + ",identity-mfa,", text);
        Assert.Contains(",\"'=HYPERLINK(\"\"http://evil\"\")\",", text);
        Assert.Contains("review-due since ", text);
    }

    [Fact]
    public async Task Confirming_an_article_takes_it_out_of_the_owners_queue()
    {
        var owner = await OwnerAsync();
        var id = await StaleAsync(owner);
        var client = fixture.Clients[KcsRole.Contributor];
        Assert.Contains($"data-article=\"{id}\"", await client.GetStringAsync($"/review/{owner}"));

        var response = await KnowledgeBaseSite.PostFormAsync(client, "/review/confirm", null, new() { ["articleId"] = id, ["owner"] = owner }, $"/review/{owner}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/review/{owner}", Uri.UnescapeDataString(response.Headers.Location!.OriginalString.Split('?')[0]));
        var page = await client.GetStringAsync(response.Headers.Location.OriginalString);
        Assert.Contains("Confirmed", page);
        Assert.DoesNotContain($"data-article=\"{id}\"", page);
        Assert.Contains("Nothing to review", page);
    }

    [Fact]
    public async Task Bulk_confirm_reviews_every_ticked_article_with_one_note()
    {
        var owner = await OwnerAsync();
        var first = await StaleAsync(owner, "First stale");
        var second = await StaleAsync(owner, "Second stale");
        var client = fixture.Clients[KcsRole.Contributor];
        var page = await client.GetStringAsync($"/review/{owner}");
        var body = new List<KeyValuePair<string, string>>
        {
            new("__RequestVerificationToken", KnowledgeBaseSite.AntiforgeryToken(page)), new("owner", owner), new("note", "checked against the new portal"),
            new("articleId", first), new("articleId", second),
        };

        var response = await client.PostAsync("/review/confirm-many", new FormUrlEncodedContent(body));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("Confirmed 2 articles", Uri.UnescapeDataString(response.Headers.Location!.OriginalString));
        await using var db = await fixture.Factory.CreateDbContextAsync();
        Assert.Equal(2, await db.AuditTrail.CountAsync(a => (a.Target == first || a.Target == second) && a.Details.Contains("checked against the new portal")));
    }

    [Fact]
    public async Task A_candidate_may_not_act_on_the_queue()
    {
        var owner = await OwnerAsync();
        var id = await StaleAsync(owner);
        var client = fixture.Clients[KcsRole.Candidate];

        foreach (var (path, fields) in new (string, Dictionary<string, string>)[]
        {
            ("/review/archive", new() { ["articleId"] = id, ["version"] = "1", ["owner"] = owner }),
            ("/review/confirm", new() { ["articleId"] = id, ["owner"] = owner }),
        })
        {
            var response = await KnowledgeBaseSite.PostFormAsync(client, path, null, fields, $"/review/{owner}");
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/account/denied", response.Headers.Location!.AbsolutePath);
        }
        await using var db = await fixture.Factory.CreateDbContextAsync();
        var article = await db.Articles.SingleAsync(a => a.Id == id);
        Assert.Equal(KcsState.Validated, article.State);
        Assert.Null(article.LastReviewedAt);
    }

    [Fact]
    public async Task A_contributor_is_told_archiving_is_for_domain_experts_and_nothing_changes()
    {
        var owner = await OwnerAsync();
        var id = await StaleAsync(owner);
        var client = fixture.Clients[KcsRole.Contributor];
        Assert.DoesNotContain("action=\"review/archive\"", await client.GetStringAsync($"/review/{owner}"));

        var response = await KnowledgeBaseSite.PostFormAsync(client, "/review/archive", null, new() { ["articleId"] = id, ["version"] = "1", ["owner"] = owner }, $"/review/{owner}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await using var db = await fixture.Factory.CreateDbContextAsync();
        Assert.Equal(KcsState.Validated, (await db.Articles.SingleAsync(a => a.Id == id)).State);
    }

    [Fact]
    public async Task A_domain_expert_archives_and_reassigns_from_the_queue()
    {
        var owner = await OwnerAsync();
        var archived = await StaleAsync(owner, "To archive");
        var moved = await StaleAsync(owner, "To move");
        var client = fixture.Clients[KcsRole.KnowledgeDomainExpert];
        var newOwner = await OwnerAsync();

        var archive = await KnowledgeBaseSite.PostFormAsync(client, "/review/archive", null, new() { ["articleId"] = archived, ["version"] = "1", ["owner"] = owner }, $"/review/{owner}");
        var reassign = await KnowledgeBaseSite.PostFormAsync(client, "/review/reassign", null, new() { ["articleId"] = moved, ["version"] = "1", ["newOwner"] = newOwner, ["owner"] = owner }, $"/review/{owner}");

        Assert.Contains("Archived", Uri.UnescapeDataString(archive.Headers.Location!.OriginalString));
        Assert.Contains(newOwner, Uri.UnescapeDataString(reassign.Headers.Location!.OriginalString));
        var queue = await client.GetStringAsync($"/review/{owner}");
        Assert.DoesNotContain($"data-article=\"{archived}\"", queue);
        Assert.DoesNotContain($"data-article=\"{moved}\"", queue);
        Assert.Contains($"data-article=\"{moved}\"", await client.GetStringAsync($"/review/{newOwner}"));
    }

    [Fact]
    public async Task A_candidate_may_view_but_not_edit_categories()
    {
        var client = fixture.Clients[KcsRole.Candidate];
        var page = await client.GetStringAsync("/categories");
        Assert.Contains("MFA", page);
        Assert.DoesNotContain("action=\"categories/update\"", page);

        var response = await KnowledgeBaseSite.PostFormAsync(client, "/categories/update", null,
            new() { ["id"] = "identity-mfa", ["name"] = "Hacked", ["owner"] = "mallory", ["reviewIntervalDays"] = "90" }, "/categories");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/denied", response.Headers.Location!.AbsolutePath);
        await using var db = await fixture.Factory.CreateDbContextAsync();
        Assert.Equal("MFA", (await db.Categories.SingleAsync(c => c.Id == "identity-mfa")).Name);
    }

    [Fact]
    public async Task A_category_cannot_move_under_its_own_subcategory()
    {
        var client = fixture.Clients[KcsRole.KnowledgeDomainExpert];
        var response = await KnowledgeBaseSite.PostFormAsync(client, "/categories/update", null,
            new() { ["id"] = "identity", ["name"] = "Identity & Access", ["parentId"] = "identity-mfa", ["owner"] = "identity-team", ["reviewIntervalDays"] = "180" }, "/categories");

        Assert.Contains("cannot move under itself", Uri.UnescapeDataString(response.Headers.Location!.OriginalString));
        await using var db = await fixture.Factory.CreateDbContextAsync();
        Assert.Null((await db.Categories.SingleAsync(c => c.Id == "identity")).ParentId);
    }

    [Fact]
    public async Task A_category_in_use_is_not_deleted_and_an_unused_one_is()
    {
        var client = fixture.Clients[KcsRole.KnowledgeDomainExpert];
        var refused = await KnowledgeBaseSite.PostFormAsync(client, "/categories/delete", null, new() { ["id"] = "identity-mfa" }, "/categories");
        Assert.Contains("is used by", Uri.UnescapeDataString(refused.Headers.Location!.OriginalString));

        var id = $"tmp-{Guid.NewGuid():N}"[..16];
        var created = await KnowledgeBaseSite.PostFormAsync(client, "/categories/create", null,
            new() { ["id"] = id, ["name"] = "Temporary", ["parentId"] = "identity", ["owner"] = "identity-team", ["reviewIntervalDays"] = "30" }, "/categories");
        Assert.Contains("Added", Uri.UnescapeDataString(created.Headers.Location!.OriginalString));
        var deleted = await KnowledgeBaseSite.PostFormAsync(client, "/categories/delete", null, new() { ["id"] = id }, "/categories");
        Assert.Contains("Deleted", Uri.UnescapeDataString(deleted.Headers.Location!.OriginalString));

        await using var db = await fixture.Factory.CreateDbContextAsync();
        Assert.True(await db.Categories.AnyAsync(c => c.Id == "identity-mfa"));
        Assert.False(await db.Categories.AnyAsync(c => c.Id == id));
        Assert.True(await db.AuditTrail.AnyAsync(a => a.Action == CategoryAuditActions.Created && a.Target == id));
        Assert.True(await db.AuditTrail.AnyAsync(a => a.Action == CategoryAuditActions.Deleted && a.Target == id));
    }

    [Fact]
    public async Task Changing_a_categorys_owner_moves_its_articles_to_the_new_owners_queue()
    {
        var client = fixture.Clients[KcsRole.KnowledgeDomainExpert];
        var id = $"own-{Guid.NewGuid():N}"[..16];
        var before = await OwnerAsync();
        var after = await OwnerAsync();
        await KnowledgeBaseSite.PostFormAsync(client, "/categories/create", null,
            new() { ["id"] = id, ["name"] = "Ownership test", ["owner"] = before, ["reviewIntervalDays"] = "30" }, "/categories");
        var article = await StaleArticles.CreateReviewDueAsync(fixture.Factory, TimeProvider.System, before, "Owned through a category");
        await using (var db = await fixture.Factory.CreateDbContextAsync())
        {
            // Owned through the category only: no explicit owner, primary category = the new one.
            await db.Articles.Where(a => a.Id == article).ExecuteUpdateAsync(s => s.SetProperty(a => a.Owner, (string?)null));
            await db.ArticleCategories.Where(c => c.ArticleId == article).ExecuteDeleteAsync();
            db.ArticleCategories.Add(new ArticleCategory { ArticleId = article, CategoryId = id, Position = 0 });
            await db.SaveChangesAsync();
        }
        Assert.Contains($"data-article=\"{article}\"", await client.GetStringAsync($"/review/{before}"));

        var response = await KnowledgeBaseSite.PostFormAsync(client, "/categories/update", null,
            new() { ["id"] = id, ["name"] = "Ownership test", ["owner"] = after, ["reviewIntervalDays"] = "30" }, "/categories");

        Assert.Contains("Saved", Uri.UnescapeDataString(response.Headers.Location!.OriginalString));
        Assert.DoesNotContain($"data-article=\"{article}\"", await client.GetStringAsync($"/review/{before}"));
        Assert.Contains($"data-article=\"{article}\"", await client.GetStringAsync($"/review/{after}"));
        await using var check = await fixture.Factory.CreateDbContextAsync();
        Assert.True(await check.AuditTrail.AnyAsync(a => a.Action == CategoryAuditActions.Updated && a.Target == id && a.Details.Contains($"owner: {before} → {after}")));
    }
}
