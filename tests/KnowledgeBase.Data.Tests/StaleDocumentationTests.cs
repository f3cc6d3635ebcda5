using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Reports;
using KnowledgeBase.Core.Tickets;
using KnowledgeBase.Data.Reports;
using KnowledgeBase.Testing;

namespace KnowledgeBase.Data.Tests;

/// <summary>
/// Each stale rule against hand-placed articles, evaluated at 2026-03-01 09:00 UTC with the kcs.md defaults
/// (unused 180 days, flags 14 days, ≥ 5 links and &lt; 0.3 over 90 days, WIP 30 days). Intervals: email-outlook 30,
/// identity 180 days.
/// </summary>
public abstract class StaleDocumentationTests : LedgerTestBase
{
    private static readonly DateTime Now = At(2026, 3, 1);
    private string _pat = "";

    private StaleDocumentation Stale => new(Database.Factory, Clock);

    private async Task ReviewAsync(string id, DateTime at)
    {
        SetNow(at);
        await Store.ConfirmReviewedAsync(Contributor, id);
    }

    private async Task LinksAsync(string article, int count, int resolved, DateTime first)
    {
        for (var i = 0; i < count; i++)
        {
            var ticket = $"{article}-t{i}";
            await TicketAsync(ticket, first.AddDays(i), first.AddDays(i).AddHours(1), "identity");
            await LinkAsync(ticket, article, i < resolved ? LinkType.Resolved : LinkType.Reference, first.AddDays(i));
        }
    }

    protected override async Task SeedAsync()
    {
        // Review due: created 01-01 09:00, never reviewed, 30-day interval → due 01-31 09:00 < 03-01 00:00.
        await ArticleAsync("review-due", At(2026, 1, 1));
        // Due exactly at today 00:00 is not before today: not stale yet.
        await ArticleAsync("due-today", At(2026, 1, 30, 0));
        // Unused: created 2025-06-01 (reviewed 02-01 so the review is not due), never linked → since 06-01 + 180 d = 2025-11-28.
        await ArticleAsync("unused", At(2025, 6, 1), "identity");
        await ReviewAsync("unused", At(2026, 2, 1));
        // Used lately: same age, linked 01-15 → not unused.
        await ArticleAsync("used", At(2025, 6, 1), "identity");
        await ReviewAsync("used", At(2026, 2, 1));
        await LinksAsync("used", 1, 1, At(2026, 1, 15));
        // Last used long ago: linked 2025-07-01 → unused since 2025-07-01 + 180 d = 2025-12-28.
        await ArticleAsync("used-long-ago", At(2025, 3, 1), "identity");
        await ReviewAsync("used-long-ago", At(2026, 2, 1));
        await LinksAsync("used-long-ago", 1, 1, At(2025, 7, 1));
        // Flagged: an open flag of 02-10 (> 14 days) → since 02-24; a flag of 02-20 is too young; a resolved one does not count.
        await ArticleAsync("flagged", At(2026, 2, 1), "identity");
        SetNow(At(2026, 2, 10));
        await Ledger.FlagAsync(Candidate, "flagged", FlagReason.Outdated, null);
        await ArticleAsync("flag-young", At(2026, 2, 1), "identity");
        SetNow(At(2026, 2, 20));
        await Ledger.FlagAsync(Candidate, "flag-young", FlagReason.Outdated, null);
        await ArticleAsync("flag-resolved", At(2026, 2, 1), "identity");
        SetNow(At(2026, 1, 1));
        var old = await Ledger.FlagAsync(Candidate, "flag-resolved", FlagReason.Outdated, null);
        await Ledger.ResolveFlagAsync(Expert, old.Id, "fixed");
        // Low effectiveness: 5 links from 01-05, 1 resolved → 1/5 = 0.2 < 0.3 → since the first link, 01-05.
        await ArticleAsync("low", At(2025, 12, 15), "identity");
        await LinksAsync("low", 5, 1, At(2026, 1, 5));
        // 5 links, 2 resolved → 0.4: fine. 4 links, none resolved: too few to judge.
        await ArticleAsync("effective", At(2025, 12, 15), "identity");
        await LinksAsync("effective", 5, 2, At(2026, 1, 5));
        await ArticleAsync("few", At(2025, 12, 15), "identity");
        await LinksAsync("few", 4, 0, At(2026, 1, 5));
        // Abandoned WIP: created 01-15 → since 02-14; only that rule applies to WIP, however old.
        await ArticleAsync("wip-old", At(2025, 1, 1), "email-outlook", KcsState.Wip);
        await ArticleAsync("wip-abandoned", At(2026, 1, 15), "identity", KcsState.Wip);
        await ArticleAsync("wip-fresh", At(2026, 1, 30, 12), "identity", KcsState.Wip);
        // Archived: never stale, however old.
        await ArticleAsync("archived", At(2025, 1, 1), "email-outlook");
        var archived = (await Store.FindAsync("archived"))!;
        await Store.UpdateAsync(Expert, "archived", archived.Version, new ArticleEdit { Title = archived.Title, Body = archived.Body, State = KcsState.Archived, Categories = ["email-outlook"] });
        // An explicit owner wins over the category's.
        _pat = await UserAsync("pat");
        await ArticleAsync("owned", At(2026, 1, 1), owner: "pat");
        SetNow(Now);
    }

    [Fact]
    public async Task Every_rule_holds_for_its_article_with_the_moment_it_started()
    {
        var stale = (await Stale.EvaluateAsync()).ToDictionary(s => s.ArticleId, s => s.Findings);

        Assert.Equal([new StaleFinding(StaleRule.ReviewDue, At(2026, 1, 31))], stale["review-due"]);
        Assert.Equal([new StaleFinding(StaleRule.ReviewDue, At(2026, 1, 31))], stale["owned"]);
        Assert.Equal([new StaleFinding(StaleRule.Unused, At(2025, 11, 28))], stale["unused"]);
        Assert.Equal([new StaleFinding(StaleRule.Unused, At(2025, 12, 28))], stale["used-long-ago"]);
        Assert.Equal([new StaleFinding(StaleRule.Flagged, At(2026, 2, 24))], stale["flagged"]);
        Assert.Equal([new StaleFinding(StaleRule.LowEffectiveness, At(2026, 1, 5))], stale["low"]);
        Assert.Equal([new StaleFinding(StaleRule.AbandonedWip, At(2026, 2, 14))], stale["wip-abandoned"]);
        Assert.Equal([new StaleFinding(StaleRule.AbandonedWip, At(2025, 1, 31))], stale["wip-old"]);
        Assert.Equal(
            ["flagged", "low", "owned", "review-due", "unused", "used-long-ago", "wip-abandoned", "wip-old"],
            stale.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_report_is_ordered_oldest_stale_first_and_filtered_by_owner_at_query_time()
    {
        var all = await Stale.EvaluateAsync();
        Assert.Equal("wip-old", all[0].ArticleId);
        Assert.Equal(At(2025, 1, 31), all[0].Since);

        // sam.reyes owns email-outlook: review-due and wip-old ("owned" belongs to pat, "archived" is never stale).
        Assert.Equal(["wip-old", "review-due"], (await Stale.EvaluateAsync("sam.reyes")).Select(s => s.ArticleId));
        Assert.Equal(["owned"], (await Stale.EvaluateAsync(_pat)).Select(s => s.ArticleId));

        await using (var db = Database.Factory.CreateDbContext())
        {
            (await db.Categories.FindAsync("email-outlook"))!.Owner = "jo";
            await db.SaveChangesAsync();
        }
        Assert.Empty(await Stale.EvaluateAsync("sam.reyes"));
        Assert.Equal(2, (await Stale.EvaluateAsync("jo")).Count);
    }

    [Fact]
    public async Task Counts_by_rule_count_each_article_under_every_rule_it_breaks()
    {
        var counts = await Stale.CountsByRuleAsync();
        Assert.Equal(2, counts[StaleRule.ReviewDue]);
        Assert.Equal(2, counts[StaleRule.Unused]);
        Assert.Equal(1, counts[StaleRule.Flagged]);
        Assert.Equal(1, counts[StaleRule.LowEffectiveness]);
        Assert.Equal(2, counts[StaleRule.AbandonedWip]);
    }

    [Fact]
    public async Task Thresholds_are_configurable()
    {
        var strict = new StaleDocumentation(Database.Factory, Clock, new StaleOptions { LowEffectivenessMinLinks = 4, LowEffectivenessThreshold = 0.5, FlagAgeDays = 5 });
        var stale = (await strict.EvaluateAsync()).ToDictionary(s => s.ArticleId);
        Assert.True(stale["few"].Holds(StaleRule.LowEffectiveness));       // 0/4 with 4 links allowed
        Assert.True(stale["effective"].Holds(StaleRule.LowEffectiveness)); // 0.4 < 0.5
        Assert.Equal(At(2026, 2, 25), stale["flag-young"].Findings.Single().Since); // 02-20 + 5 days
    }

    [Fact]
    public async Task A_removed_link_does_not_keep_an_article_in_use()
    {
        await TicketAsync("x", At(2026, 2, 27), null, "identity");
        var link = await LinkAsync("x", "unused", LinkType.Resolved, At(2026, 2, 27));
        SetNow(Now);
        Assert.DoesNotContain(await Stale.EvaluateAsync(), s => s.ArticleId == "unused");

        await Ledger.RemoveLinkAsync(Contributor, link.Link.Id);
        SetNow(Now);
        Assert.Contains(await Stale.EvaluateAsync(), s => s.ArticleId == "unused");
    }

    [Fact]
    public async Task A_still_accurate_resolved_link_by_a_contributor_clears_review_due()
    {
        await TicketAsync("x", At(2026, 2, 27), null);
        await LinkAsync("x", "review-due", LinkType.Resolved, At(2026, 2, 27), Contributor, stillAccurate: true);
        SetNow(Now);
        Assert.DoesNotContain(await Stale.EvaluateAsync(), s => s.ArticleId == "review-due");
    }

    [Fact]
    public async Task A_categorys_new_review_interval_moves_the_stored_review_due_date_and_the_report_agrees_with_it()
    {
        var owners = new KnowledgeBase.Data.Owners.OwnerDirectory(Database.Factory, Clock);
        var categories = new KnowledgeBase.Data.Categories.CategoryAdministration(Database.Factory, new KnowledgeBase.Data.Audit.AuditLog(Database.Factory, Clock), owners, Clock);
        var before = (await Store.FindAsync("review-due"))!.ReviewDueAt;
        Assert.Equal(At(2026, 1, 31), before);
        var identityBefore = (await Store.FindAsync("unused"))!.ReviewDueAt;
        var category = await Database.Factory.CreateDbContext().Categories.FindAsync("email-outlook");

        // 30 → 90 days: created 01-01 09:00, never reviewed → due 04-01 09:00, after today: no longer stale.
        var error = await categories.UpdateAsync("kim", "email-outlook", new KnowledgeBase.Data.Categories.CategoryInput(category!.Name, category.ParentId, category.Owner, 90, category.Description));

        Assert.Null(error);
        Assert.Equal(At(2026, 4, 1), (await Store.FindAsync("review-due"))!.ReviewDueAt);
        Assert.Equal(identityBefore, (await Store.FindAsync("unused"))!.ReviewDueAt);
        SetNow(Now);
        Assert.DoesNotContain(await Stale.EvaluateAsync(), s => s.ArticleId == "review-due" && s.Holds(StaleRule.ReviewDue));
    }
}

public sealed class SqliteStaleDocumentationTests : StaleDocumentationTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.CreateSqliteAsync();
}

[Collection(KnowledgeBase.Testing.PostgresCollection.Name)]
public sealed class PostgresStaleDocumentationTests(PostgresServerFixture postgres) : StaleDocumentationTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.CreatePostgresAsync(postgres.Server);
}
