using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Audit;
using KnowledgeBase.Core.Reports;
using KnowledgeBase.Core.Tickets;
using KnowledgeBase.Data.Reports;
using KnowledgeBase.Testing;
using Microsoft.EntityFrameworkCore;

namespace KnowledgeBase.Data.Tests;

/// <summary>
/// sam.reyes's queue (owner of email-outlook, 30-day reviews) at 2026-03-01 09:00; demand counts links and searches since 01-30 09:00:
/// <code>
/// q-proposal  fresh, an open proposed revision     demand 5 (5 searches opened it)
/// q-old       created 2025-12-01 → due 12-31        demand 2 (1 link + 1 search)
/// q-due       created 2026-01-01 → due 01-31        demand 2 (2 links)       tie with q-old: q-old waits longer
/// q-flag      fresh, open flag of 02-25 (too young to be stale, but open)    demand 0
/// q-fine      fresh, nothing open                    not in the queue
/// </code>
/// </summary>
public abstract class ReviewQueueTests : LedgerTestBase
{
    private ReviewQueue Queue => new(Database.Factory, Clock, Store, Ledger);

    protected override async Task SeedAsync()
    {
        await ArticleAsync("q-old", At(2025, 12, 1));
        await ArticleAsync("q-due", At(2026, 1, 1));
        await ArticleAsync("q-flag", At(2026, 2, 20));
        await ArticleAsync("q-fine", At(2026, 2, 20));
        var proposal = await ArticleAsync("q-proposal", At(2026, 2, 20));
        await ArticleAsync("other-owner", At(2025, 1, 1), "identity");

        await TicketAsync("t1", At(2026, 2, 10), null);
        await TicketAsync("t2", At(2026, 2, 11), null);
        await LinkAsync("t1", "q-due", LinkType.Reference, At(2026, 2, 10));
        await LinkAsync("t2", "q-due", LinkType.Reference, At(2026, 2, 11));
        await LinkAsync("t1", "q-old", LinkType.Reference, At(2026, 2, 20));
        // An old link is no demand.
        await TicketAsync("t0", At(2026, 1, 2), null);
        await LinkAsync("t0", "q-old", LinkType.Reference, At(2026, 1, 2));
        SetNow(At(2026, 2, 20));
        await Ledger.LogSearchAsync("alex", "s-old", "old", 1);
        await Ledger.RecordOpenAsync("s-old", null, "q-old");
        for (var i = 0; i < 5; i++)
        {
            await Ledger.LogSearchAsync("alex", $"s{i}", "proposal", 1);
            await Ledger.RecordOpenAsync($"s{i}", null, "q-proposal");
        }
        SetNow(At(2026, 2, 25));
        await Ledger.FlagAsync(Candidate, "q-flag", FlagReason.Incomplete, "Missing the macOS steps.");
        await Store.UpdateAsync(Candidate, "q-proposal", proposal.Version, new ArticleEdit
        { Title = proposal.Title, Body = proposal.Body + "\nA candidate's improvement.", State = proposal.State, Categories = ["email-outlook"] });
        SetNow(At(2026, 3, 1));
    }

    [Fact]
    public async Task The_queue_holds_stale_flagged_and_proposed_articles_ranked_by_demand_then_by_waiting_time()
    {
        var queue = await Queue.ForOwnerAsync("sam.reyes");

        Assert.Equal(["q-proposal", "q-old", "q-due", "q-flag"], queue.Select(i => i.ArticleId));
        Assert.Equal([5, 2, 2, 0], queue.Select(i => i.Demand));
        var old = queue[1];
        Assert.Equal((1, 1, At(2025, 12, 31)), (old.RecentLinks, old.RecentSearches, old.Since));
        Assert.Equal([StaleRule.ReviewDue], old.Findings.Select(f => f.Rule));
        Assert.Equal((1, 0), (queue[3].OpenFlags, queue[3].OpenProposals));
        Assert.Equal(At(2026, 2, 25), queue[3].Since);
        Assert.Equal(1, queue[0].OpenProposals);
        Assert.Empty(queue[0].Findings);
    }

    [Fact]
    public async Task Reassigning_the_category_owner_moves_the_queue()
    {
        await using (var db = Database.Factory.CreateDbContext())
        {
            (await db.Categories.FindAsync("email-outlook"))!.Owner = "jo";
            await db.SaveChangesAsync();
        }
        Assert.Empty(await Queue.ForOwnerAsync("sam.reyes"));
        Assert.Equal(4, (await Queue.ForOwnerAsync("jo")).Count);
    }

    [Fact]
    public async Task Confirming_an_article_takes_it_out_of_the_queue()
    {
        await Queue.ConfirmAsync(Contributor, "q-due");
        Assert.DoesNotContain(await Queue.ForOwnerAsync("sam.reyes"), i => i.ArticleId == "q-due");
    }

    [Fact]
    public async Task Bulk_confirm_reviews_each_article_with_one_note_audited_per_article_and_skips_the_rest()
    {
        var result = await Queue.ConfirmManyAsync(Contributor, ["q-old", "q-due", "missing"], "Checked against the new Outlook build");

        Assert.Equal(["q-old", "q-due"], result.Confirmed);
        Assert.Equal(["missing"], result.Skipped.Keys);
        Assert.Equal(["q-proposal", "q-flag"], (await Queue.ForOwnerAsync("sam.reyes")).Select(i => i.ArticleId));
        await using var db = Database.Factory.CreateDbContext();
        var audit = await db.AuditTrail.Where(a => a.Action == AuditActions.ArticleReviewed).OrderBy(a => a.Target).ToListAsync();
        Assert.Equal(["q-due", "q-old"], audit.Select(a => a.Target));
        Assert.All(audit, a => Assert.Contains("Checked against the new Outlook build", a.Details));
        var reviewed = (await Store.FindAsync("q-old"))!;
        Assert.Equal((At(2026, 3, 1), At(2026, 3, 31)), (reviewed.LastReviewedAt!.Value, reviewed.ReviewDueAt!.Value));

        var byCandidate = await Queue.ConfirmManyAsync(Candidate, ["q-flag"], "");
        Assert.Empty(byCandidate.Confirmed);
        Assert.Contains("Candidate", byCandidate.Skipped["q-flag"]);
    }

    [Fact]
    public async Task Archiving_goes_through_the_lifecycle_and_takes_the_article_out_of_the_queue()
    {
        var version = (await Store.FindAsync("q-old"))!.Version;
        await Assert.ThrowsAsync<ArticleForbiddenException>(() => Queue.ArchiveAsync(Contributor, "q-old", version));

        var outcome = await Queue.ArchiveAsync(Expert, "q-old", version, "Outlook 2013 is out of support");

        Assert.Equal(KcsState.Archived, outcome.Article.State);
        Assert.DoesNotContain(await Queue.ForOwnerAsync("sam.reyes"), i => i.ArticleId == "q-old");
    }

    [Fact]
    public async Task Reassigning_an_article_moves_it_to_its_new_owners_queue()
    {
        var pat = await UserAsync("pat@example.com");
        var version = (await Store.FindAsync("q-due"))!.Version;
        await Queue.ReassignAsync(Contributor, "q-due", version, "pat@example.com");

        Assert.DoesNotContain(await Queue.ForOwnerAsync("sam.reyes"), i => i.ArticleId == "q-due");
        Assert.Equal(["q-due"], (await Queue.ForOwnerAsync(pat)).Select(i => i.ArticleId));
        // An owner nobody has is refused, and the article stays where it was.
        var refused = await Assert.ThrowsAsync<ArticleValidationException>(() => Queue.ReassignAsync(Contributor, "q-due", version + 1, "nobody"));
        Assert.Contains("No user or team is called 'nobody'", refused.Errors["owner"]);
        Assert.Equal(["q-due"], (await Queue.ForOwnerAsync(pat)).Select(i => i.ArticleId));
    }

    [Fact]
    public async Task Resolving_the_flag_takes_the_article_out_of_the_queue()
    {
        var flag = (await Ledger.FlagsAsync("q-flag")).Single();
        await Queue.ResolveFlagAsync(new("sam.reyes", Core.Lifecycle.KcsRole.Contributor), flag.Id, "Added the macOS steps.");
        Assert.DoesNotContain(await Queue.ForOwnerAsync("sam.reyes"), i => i.ArticleId == "q-flag");
    }
}

public sealed class SqliteReviewQueueTests : ReviewQueueTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.CreateSqliteAsync();
}

[Collection(KnowledgeBase.Testing.PostgresCollection.Name)]
public sealed class PostgresReviewQueueTests(PostgresServerFixture postgres) : ReviewQueueTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.CreatePostgresAsync(postgres.Server);
}
