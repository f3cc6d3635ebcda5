using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Audit;
using KnowledgeBase.Core.Tickets;
using KnowledgeBase.Testing;
using Microsoft.EntityFrameworkCore;

namespace KnowledgeBase.Data.Tests;

public abstract class ReuseLedgerTests : LedgerTestBase
{
    private async Task<int> ReuseCountAsync(string articleId)
    {
        await using var db = Database.Factory.CreateDbContext();
        return await db.Articles.Where(a => a.Id == articleId).Select(a => a.ReuseCount).SingleAsync();
    }

    private async Task<List<AuditEntry>> AuditAsync(string action)
    {
        await using var db = Database.Factory.CreateDbContext();
        return await db.AuditTrail.Where(a => a.Action == action).OrderBy(a => a.Id).ToListAsync();
    }

    [Fact]
    public async Task An_audit_entry_longer_than_its_columns_is_stored_cut_to_them()
    {
        // The cut lives beside the columns' lengths (AuditEntry): PostgreSQL refuses a longer text, and with it the change.
        await using (var db = Database.Factory.CreateDbContext())
        {
            db.AuditTrail.Add(AuditEntry.Create(At(2026, 2, 1), new string('a', 300), AuditActions.ArticleFlagged, new string('t', 300), new string('d', 5000), new string('1', 80)));
            await db.SaveChangesAsync();
        }
        var stored = Assert.Single(await AuditAsync(AuditActions.ArticleFlagged));
        Assert.Equal((256, 256, 4000, 64), (stored.Actor.Length, stored.Target.Length, stored.Details.Length, stored.RemoteAddress!.Length));
    }

    [Fact]
    public async Task A_link_that_moves_the_reuse_count_writes_a_change_for_the_index_that_the_API_change_feed_leaves_out()
    {
        await ArticleAsync("kb-1", At(2026, 1, 1));
        await TicketAsync("t1", At(2026, 2, 1), null);
        var api = new Api.ApiReads(Database.Factory, Clock, new Owners.OwnerDirectory(Database.Factory, Clock));
        var feed = new Indexing.ArticleChangeFeed(Database.Factory);
        var before = await feed.LatestAsync();

        var link = (await LinkAsync("t1", "kb-1", LinkType.Reference, At(2026, 2, 1, 10))).Link;
        await LinkAsync("t1", "kb-1", LinkType.Resolved, At(2026, 2, 1, 11));
        await Ledger.RemoveLinkAsync(Contributor, link.Id);

        // The new link and its removal moved the count; the upgrade did not.
        Assert.Equal(["kb-1", "kb-1"], (await feed.ChangesAsync(before, 10)).Select(c => c.ArticleId));
        await using (var db = Database.Factory.CreateDbContext())
            Assert.All(await db.ChangeLog.Where(c => c.Sequence > before).ToListAsync(), c => Assert.Equal(ChangeType.ReuseChanged, c.Type));
        Assert.Empty(await api.ChangesAsync(KnowledgeBase.Core.Access.Reader.Internal, before, 100));
    }

    [Fact]
    public async Task Linking_the_same_pair_twice_returns_the_existing_link_and_reports_it_was_not_created()
    {
        await ArticleAsync("kb-1", At(2026, 1, 1));
        await TicketAsync("t1", At(2026, 2, 1), null);

        var first = await LinkAsync("t1", "kb-1", LinkType.Reference, At(2026, 2, 1, 10));
        var second = await LinkAsync("t1", "kb-1", LinkType.Reference, At(2026, 2, 1, 11));

        Assert.True(first.Created);
        Assert.False(second.Created);
        Assert.False(second.Upgraded);
        Assert.Equal(first.Link.Id, second.Link.Id);
        Assert.Equal(At(2026, 2, 1, 10), second.Link.LinkedAt);
        await using var db = Database.Factory.CreateDbContext();
        Assert.Equal(1, await db.TicketLinks.CountAsync());
        Assert.Single(await AuditAsync(AuditActions.LinkCreated));
    }

    [Fact]
    public async Task A_reference_link_is_upgraded_to_resolved_and_never_downgraded()
    {
        await ArticleAsync("kb-1", At(2026, 1, 1));
        await TicketAsync("t1", At(2026, 2, 1), null);

        await LinkAsync("t1", "kb-1", LinkType.Reference, At(2026, 2, 1, 10));
        var upgraded = await LinkAsync("t1", "kb-1", LinkType.Resolved, At(2026, 2, 1, 11));
        var downgrade = await LinkAsync("t1", "kb-1", LinkType.Reference, At(2026, 2, 1, 12));

        Assert.True(upgraded.Upgraded);
        Assert.Equal(LinkType.Resolved, upgraded.Link.Type);
        Assert.False(downgrade.Upgraded);
        Assert.Equal(LinkType.Resolved, downgrade.Link.Type);
        Assert.Equal(2, (await AuditAsync(AuditActions.LinkCreated)).Count);
    }

    [Fact]
    public async Task A_created_link_stays_created_when_linked_again_as_resolved()
    {
        await ArticleAsync("kb-1", At(2026, 1, 1));
        await TicketAsync("t1", At(2026, 2, 1), null);

        await LinkAsync("t1", "kb-1", LinkType.Created, At(2026, 2, 1, 10));
        var again = await LinkAsync("t1", "kb-1", LinkType.Resolved, At(2026, 2, 1, 11));

        Assert.Equal(LinkType.Created, again.Link.Type);
        Assert.False(again.Upgraded);
    }

    [Fact]
    public async Task Removing_a_link_is_soft_audited_and_lowers_the_reuse_count()
    {
        await ArticleAsync("kb-1", At(2026, 1, 1));
        await TicketAsync("t1", At(2026, 2, 1), null);
        await TicketAsync("t2", At(2026, 2, 1), null);
        var link = (await LinkAsync("t1", "kb-1", LinkType.Reference, At(2026, 2, 1, 10))).Link;
        await LinkAsync("t2", "kb-1", LinkType.Reference, At(2026, 2, 1, 10));
        Assert.Equal(2, await ReuseCountAsync("kb-1"));

        SetNow(At(2026, 2, 2));
        var removed = await Ledger.RemoveLinkAsync(Expert, link.Id);
        await Ledger.RemoveLinkAsync(Expert, link.Id);

        Assert.Equal(At(2026, 2, 2), removed.RemovedAt);
        Assert.Equal("kim", removed.RemovedBy);
        Assert.Equal(1, await ReuseCountAsync("kb-1"));
        await using var db = Database.Factory.CreateDbContext();
        Assert.Equal(2, await db.TicketLinks.CountAsync());
        var audit = Assert.Single(await AuditAsync(AuditActions.LinkRemoved));
        Assert.Equal(("kim", "kb-1"), (audit.Actor, audit.Target));
        Assert.Contains("psa/test/t1", audit.Details);
        Assert.Empty(await Ledger.LinksOfTicketAsync(Key("t1")));
        Assert.Single(await Ledger.LinksOfTicketAsync(Key("t1"), includeRemoved: true));
    }

    [Fact]
    public async Task The_reuse_count_is_the_number_of_distinct_tickets_with_a_live_link()
    {
        await ArticleAsync("kb-1", At(2026, 1, 1));
        await ArticleAsync("kb-2", At(2026, 1, 1));
        await TicketAsync("t1", At(2026, 2, 1), null);
        await TicketAsync("t2", At(2026, 2, 1), null);
        await TicketAsync("t3", At(2026, 2, 1), null);

        await LinkAsync("t1", "kb-1", LinkType.Reference, At(2026, 2, 1));
        await LinkAsync("t1", "kb-1", LinkType.Resolved, At(2026, 2, 1));
        await LinkAsync("t2", "kb-1", LinkType.Reference, At(2026, 2, 1));
        var third = await LinkAsync("t3", "kb-1", LinkType.Reference, At(2026, 2, 1));
        await LinkAsync("t3", "kb-2", LinkType.Reference, At(2026, 2, 1));
        Assert.Equal(3, await ReuseCountAsync("kb-1"));
        Assert.Equal(1, await ReuseCountAsync("kb-2"));

        await Ledger.RemoveLinkAsync(Contributor, third.Link.Id);
        Assert.Equal(2, await ReuseCountAsync("kb-1"));

        // Linking a removed pair again revives the link as new.
        var revived = await LinkAsync("t3", "kb-1", LinkType.Resolved, At(2026, 2, 3));
        Assert.True(revived.Created);
        Assert.Equal(third.Link.Id, revived.Link.Id);
        Assert.Null(revived.Link.RemovedAt);
        Assert.Equal(LinkType.Resolved, revived.Link.Type);
        Assert.Equal(3, await ReuseCountAsync("kb-1"));
    }

    [Fact]
    public async Task A_link_records_the_article_version_channel_and_linker()
    {
        var article = await ArticleAsync("kb-1", At(2026, 1, 1));
        await Store.UpdateAsync(Contributor, "kb-1", 1, new ArticleEdit { Title = article.Title, Body = article.Body + "\nMore.", State = article.State, Categories = ["email-outlook"] });
        await TicketAsync("t1", At(2026, 2, 1), null);

        SetNow(At(2026, 2, 1, 10));
        var link = (await Ledger.LinkAsync(new("pat", Core.Lifecycle.KcsRole.Candidate), new LinkRequest(Key("t1"), "kb-1", LinkType.Reference) { Channel = LinkChannel.Api })).Link;

        Assert.Equal((2, LinkChannel.Api, "pat", At(2026, 2, 1, 10)), (link.ArticleVersion, link.Channel, link.LinkedBy, link.LinkedAt));
    }

    [Fact]
    public async Task A_contributor_linking_a_validated_article_as_resolved_and_still_accurate_records_a_review()
    {
        await ArticleAsync("kb-1", At(2026, 1, 1));
        await TicketAsync("t1", At(2026, 2, 1), null);

        var result = await LinkAsync("t1", "kb-1", LinkType.Resolved, At(2026, 2, 10), Contributor, stillAccurate: true);

        Assert.True(result.Reviewed);
        Assert.True(result.Link.StillAccurate);
        var article = (await Store.FindAsync("kb-1"))!;
        Assert.Equal(At(2026, 2, 10), article.LastReviewedAt);
        Assert.Equal("casey", article.LastReviewedBy);
        // email-outlook reviews every 30 days: 2026-02-10 + 30 days = 2026-03-12.
        Assert.Equal(At(2026, 3, 12), article.ReviewDueAt);
        Assert.Equal(1, article.Version);
        var audit = Assert.Single(await AuditAsync(AuditActions.ArticleReviewed));
        Assert.Equal(("casey", "kb-1"), (audit.Actor, audit.Target));
    }

    [Fact]
    public async Task Still_accurate_is_no_review_from_a_candidate_on_a_reference_link_or_on_a_not_validated_article()
    {
        await ArticleAsync("kb-1", At(2026, 1, 1));
        await ArticleAsync("kb-2", At(2026, 1, 1), state: KcsState.NotValidated);
        await TicketAsync("t1", At(2026, 2, 1), null);
        await TicketAsync("t2", At(2026, 2, 1), null);

        var byCandidate = await LinkAsync("t1", "kb-1", LinkType.Resolved, At(2026, 2, 10), Candidate, stillAccurate: true);
        var asReference = await LinkAsync("t2", "kb-1", LinkType.Reference, At(2026, 2, 10), Contributor, stillAccurate: true);
        var notValidated = await LinkAsync("t1", "kb-2", LinkType.Resolved, At(2026, 2, 10), Contributor, stillAccurate: true);

        Assert.False(byCandidate.Reviewed);
        Assert.False(asReference.Reviewed);
        Assert.False(notValidated.Reviewed);
        Assert.Null((await Store.FindAsync("kb-1"))!.LastReviewedAt);
        Assert.Empty(await AuditAsync(AuditActions.ArticleReviewed));
    }

    [Fact]
    public async Task A_customer_reader_cannot_link_an_internal_article_it_is_not_found()
    {
        await ArticleAsync("kb-1", At(2026, 1, 1));
        await TicketAsync("t1", At(2026, 2, 1), null);

        await Assert.ThrowsAsync<ArticleNotFoundException>(() =>
            Ledger.LinkAsync(Contributor, new LinkRequest(Key("t1"), "kb-1", LinkType.Reference) { Reader = KnowledgeBase.Core.Access.Reader.Customer(null) }));
        await Assert.ThrowsAsync<ArticleNotFoundException>(() =>
            Ledger.FlagAsync(Contributor, "kb-1", FlagReason.Outdated, null, KnowledgeBase.Core.Access.Reader.Customer(null)));
    }

    [Fact]
    public async Task Linking_a_deleted_or_unknown_article_or_an_unknown_ticket_fails_as_not_found()
    {
        await ArticleAsync("kb-1", At(2026, 1, 1), state: KcsState.Wip);
        await Store.DeleteAsync(Expert, "kb-1", 1);
        await TicketAsync("t1", At(2026, 2, 1), null);

        await Assert.ThrowsAsync<ArticleNotFoundException>(() => LinkAsync("t1", "kb-1", LinkType.Reference, At(2026, 2, 2)));
        await Assert.ThrowsAsync<ArticleNotFoundException>(() => LinkAsync("t1", "nope", LinkType.Reference, At(2026, 2, 2)));
        var missing = await Assert.ThrowsAsync<LedgerNotFoundException>(() => LinkAsync("t404", "nope", LinkType.Reference, At(2026, 2, 2)));
        Assert.Equal("Ticket", missing.What);
    }

    [Fact]
    public async Task Validation_errors_name_the_field()
    {
        var blank = await Assert.ThrowsAsync<LedgerValidationException>(() => Ledger.UpsertTicketAsync(new TicketUpsert { Key = new("", "x", "1"), Subject = " " }));
        Assert.Contains("system", blank.Errors.Keys);
        Assert.Contains("subject", blank.Errors.Keys);

        var category = await Assert.ThrowsAsync<LedgerValidationException>(() => Ledger.UpsertTicketAsync(new TicketUpsert { Key = Key("1"), Subject = "s", CategoryId = "nope" }));
        Assert.Equal(["category"], category.Errors.Keys);

        var openWithClose = await Assert.ThrowsAsync<LedgerValidationException>(() => Ledger.UpsertTicketAsync(new TicketUpsert { Key = Key("1"), Subject = "s", ClosedAt = At(2026, 1, 1) }));
        Assert.Equal(["closedAt"], openWithClose.Errors.Keys);

        var backwards = await Assert.ThrowsAsync<LedgerValidationException>(() => Ledger.UpsertTicketAsync(new TicketUpsert
        { Key = Key("1"), Subject = "s", Status = TicketStatus.Closed, OpenedAt = At(2026, 2, 1), ClosedAt = At(2026, 1, 1) }));
        Assert.Equal(["closedAt"], backwards.Errors.Keys);

        var link = await Assert.ThrowsAsync<LedgerValidationException>(() => Ledger.LinkAsync(Contributor, new LinkRequest(Key("1"), " ", (LinkType)9)));
        Assert.Contains("articleId", link.Errors.Keys);
        Assert.Contains("type", link.Errors.Keys);

        await ArticleAsync("kb-1", At(2026, 1, 1));
        var flag = await Assert.ThrowsAsync<LedgerValidationException>(() => Ledger.FlagAsync(Contributor, "kb-1", FlagReason.Other, new string('x', 2001)));
        Assert.Equal(["comment"], flag.Errors.Keys);
    }

    [Fact]
    public async Task Closing_stamps_the_close_time_reopening_clears_it_and_closing_again_stamps_the_new_one()
    {
        SetNow(At(2026, 2, 1));
        var created = await Ledger.UpsertTicketAsync(new TicketUpsert { Key = Key("t1"), Subject = "Printer offline", CategoryId = "email", Client = " Contoso Dental " });
        Assert.True(created.Created);
        Assert.Equal((TicketStatus.Open, At(2026, 2, 1), (DateTime?)null, "Contoso Dental"), (created.Ticket.Status, created.Ticket.OpenedAt, created.Ticket.ClosedAt, created.Ticket.Client));

        SetNow(At(2026, 2, 2));
        var closed = await Ledger.UpsertTicketAsync(new TicketUpsert { Key = Key("t1"), Subject = "Printer offline", Status = TicketStatus.Closed });
        Assert.False(closed.Created);
        Assert.Equal(At(2026, 2, 2), closed.Ticket.ClosedAt);
        Assert.Equal(At(2026, 2, 1), closed.Ticket.OpenedAt);

        SetNow(At(2026, 2, 3));
        var stillClosed = await Ledger.UpsertTicketAsync(new TicketUpsert { Key = Key("t1"), Subject = "Printer offline (edited)", Status = TicketStatus.Closed });
        Assert.Equal(At(2026, 2, 2), stillClosed.Ticket.ClosedAt);

        var reopened = await Ledger.UpsertTicketAsync(new TicketUpsert { Key = Key("t1"), Subject = "Printer offline", Status = TicketStatus.Open });
        Assert.Null(reopened.Ticket.ClosedAt);

        SetNow(At(2026, 2, 5));
        var closedAgain = await Ledger.UpsertTicketAsync(new TicketUpsert { Key = Key("t1"), Subject = "Printer offline", Status = TicketStatus.Closed });
        Assert.Equal(At(2026, 2, 5), closedAgain.Ticket.ClosedAt);
        await using var db = Database.Factory.CreateDbContext();
        Assert.Equal(1, await db.Tickets.CountAsync());
    }

    [Fact]
    public async Task Tickets_of_different_systems_with_the_same_id_are_different_tickets()
    {
        await Ledger.UpsertTicketAsync(new TicketUpsert { Key = new("connectwise", "a", "42"), Subject = "one" });
        await Ledger.UpsertTicketAsync(new TicketUpsert { Key = new("halopsa", "a", "42"), Subject = "two" });
        Assert.Equal("two", (await Ledger.FindTicketAsync(new("halopsa", "a", "42")))!.Subject);
        Assert.Equal("one", (await Ledger.FindTicketAsync(new("connectwise", "a", "42")))!.Subject);
    }

    [Fact]
    public async Task A_flag_is_audited_and_resolved_only_by_the_owner_or_a_domain_expert()
    {
        await ArticleAsync("kb-1", At(2026, 1, 1));
        await UserAsync("pat");
        await ArticleAsync("kb-2", At(2026, 1, 1), owner: "pat");
        SetNow(At(2026, 2, 1));
        var flag = await Ledger.FlagAsync(Candidate, "kb-1", FlagReason.Outdated, "The menu moved in the new Outlook.");
        var other = await Ledger.FlagAsync(Candidate, "kb-2", FlagReason.Incorrect, null);
        var third = await Ledger.FlagAsync(Candidate, "kb-1", FlagReason.Duplicate, null);
        Assert.Equal(3, (await AuditAsync(AuditActions.ArticleFlagged)).Count);

        await Assert.ThrowsAsync<Core.Articles.ArticleForbiddenException>(() => Ledger.ResolveFlagAsync(Contributor, flag.Id, "done"));
        // kb-1 has no explicit owner: its primary category email-outlook is owned by sam.reyes.
        var resolved = await Ledger.ResolveFlagAsync(new("Sam.Reyes", Core.Lifecycle.KcsRole.Contributor), flag.Id, "Updated the steps.");
        Assert.Equal(("Sam.Reyes", At(2026, 2, 1), "Updated the steps."), (resolved.ResolvedBy, resolved.ResolvedAt!.Value, resolved.Resolution));
        // kb-2's explicit owner wins over the category's.
        await Assert.ThrowsAsync<Core.Articles.ArticleForbiddenException>(() => Ledger.ResolveFlagAsync(new("sam.reyes", Core.Lifecycle.KcsRole.Contributor), other.Id, "no"));
        await Ledger.ResolveFlagAsync(new("pat", Core.Lifecycle.KcsRole.Candidate), other.Id, "fixed");
        await Ledger.ResolveFlagAsync(Expert, third.Id, "merged");

        var again = await Assert.ThrowsAsync<LedgerValidationException>(() => Ledger.ResolveFlagAsync(Expert, flag.Id, "again"));
        Assert.Equal(["flagId"], again.Errors.Keys);
        await Assert.ThrowsAsync<LedgerNotFoundException>(() => Ledger.ResolveFlagAsync(Expert, 999, "x"));
        Assert.Equal(3, (await AuditAsync(AuditActions.FlagResolved)).Count);
        Assert.Empty(await Ledger.FlagsAsync("kb-1"));
        Assert.Equal(2, (await Ledger.FlagsAsync("kb-1", includeResolved: true)).Count);
    }

    [Fact]
    public async Task An_open_or_a_link_marks_the_sessions_latest_search_as_successful()
    {
        await ArticleAsync("kb-1", At(2026, 1, 1));
        SetNow(At(2026, 2, 1));
        var first = await Ledger.LogSearchAsync("alex", "s1", "Outlook  password prompt!", 3);
        var second = await Ledger.LogSearchAsync("alex", "s1", "outlook mfa", 2, "email-outlook");
        var other = await Ledger.LogSearchAsync("blair", "s2", new string('q', 600), 0);

        Assert.True(await Ledger.RecordOpenAsync("s1", null, "kb-1"));
        Assert.True(await Ledger.RecordLinkAsync("s1", "outlook password prompt", "kb-1"));
        Assert.False(await Ledger.RecordOpenAsync("nobody", null, "kb-1"));

        await using var db = Database.Factory.CreateDbContext();
        var searches = await db.SearchLog.OrderBy(s => s.Id).ToListAsync();
        Assert.Equal("outlook password prompt", searches[0].NormalizedQuery);
        Assert.Equal(("kb-1", (string?)null), (searches[0].LinkedArticleId, searches[0].OpenedArticleId));
        Assert.Equal(("kb-1", (string?)null, "email-outlook"), (searches[1].OpenedArticleId, searches[1].LinkedArticleId, searches[1].Category));
        Assert.Equal(500, searches[2].Query.Length);
        Assert.False(searches[2].Successful);
        Assert.Equal([first.Id, second.Id, other.Id], searches.Select(s => s.Id));
    }

    [Fact]
    public async Task Feedback_is_stored_for_a_visible_article()
    {
        await ArticleAsync("kb-1", At(2026, 1, 1));
        var feedback = await Ledger.RecordFeedbackAsync(Candidate, "kb-1", helpful: false, "Step 3 is missing.");
        Assert.False(feedback.Helpful);
        await Assert.ThrowsAsync<ArticleNotFoundException>(() => Ledger.RecordFeedbackAsync(Candidate, "kb-1", true, null, KnowledgeBase.Core.Access.Reader.Customer(null)));
    }
}

public sealed class SqliteReuseLedgerTests : ReuseLedgerTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.CreateSqliteAsync();
}

[Collection(KnowledgeBase.Testing.PostgresCollection.Name)]
public sealed class PostgresReuseLedgerTests(PostgresServerFixture postgres) : ReuseLedgerTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.CreatePostgresAsync(postgres.Server);
}
