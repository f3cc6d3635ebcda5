using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Audit;
using KnowledgeBase.Core.Lifecycle;
using KnowledgeBase.Data.Articles;
using KnowledgeBase.Testing;
using Microsoft.EntityFrameworkCore;

namespace KnowledgeBase.Data.Tests;

/// <summary>
/// The life of a proposed revision on both databases: proposed by a Candidate, accepted as a new version with its author
/// credited or rejected with a reason, merged or refused when the article moved on, and decided exactly once.
/// </summary>
public abstract class ProposalTests : StorageTestBase
{
    private static readonly Actor Author = new("casey", KcsRole.Contributor);
    private static readonly Actor Candidate = new("cleo", KcsRole.Candidate);
    private static readonly Actor Contributor = new("sam", KcsRole.Contributor);
    private static readonly Actor OtherContributor = new("ravi", KcsRole.Contributor);
    private static readonly Actor Publisher = new("pat", KcsRole.Publisher);
    private static readonly Actor Expert = new("kim", KcsRole.KnowledgeDomainExpert);

    private const string Body = """
        ## Issue
        Outlook keeps asking for the password.

        ## Environment
        Microsoft 365, Outlook for Windows.

        ## Resolution
        1. Clear cached credentials.
        2. Sign in again.

        ## Cause
        A stale token.
        """;

    private ProposalReads Reads => new(Database.Factory);

    private async Task<Article> ValidatedAsync(string id = "kb-1", Audience audience = Audience.Internal) =>
        await Store.CreateAsync(Author, id, Edit(Body, audience: audience));

    private static ArticleEdit Edit(string body, string title = "Outlook keeps asking for the password — Microsoft 365", Audience audience = Audience.Internal,
        string[]? categories = null, string[]? tags = null, string note = "") => new()
    {
        Title = title, Body = body, State = KcsState.Validated, Audience = audience, Categories = categories ?? ["email-outlook"],
        Tags = tags ?? ["outlook"], ChangeNote = note,
    };

    private async Task<ProposedRevision> ProposeAsync(Article article, string body, string[]? tags = null, string note = "", Actor? by = null)
    {
        var outcome = await Store.UpdateAsync(by ?? Candidate, article.Id, article.Version, Edit(body, tags: tags, note: note, audience: article.Audience));
        Assert.False(outcome.Applied, outcome.Message);
        return outcome.Proposal!;
    }

    [Fact]
    public async Task A_candidates_edit_keeps_its_title_body_categories_and_tags_as_a_proposal_and_leaves_the_article_alone()
    {
        var article = await ValidatedAsync();

        var proposal = await ProposeAsync(article, Body.Replace("2. Sign in again.", "2. Sign in again.\n3. Restart Outlook.", StringComparison.Ordinal), tags: ["outlook", "MFA"], note: "add a step");

        Assert.Equal((ProposalStatus.Open, 1, "cleo", "add a step"), (proposal.Status, proposal.BaseVersion, proposal.Author, proposal.ChangeNote));
        Assert.Equal(("email-outlook", "mfa,outlook"), (proposal.Categories, proposal.Tags));
        Assert.Equal(1, (await Store.FindAsync("kb-1"))!.Version);
        var listed = Assert.Single(await Reads.ListAsync(new ProposalQuery { Author = "cleo" }));
        Assert.Equal((proposal.Id, "kb-1", false), (listed.Id, listed.ArticleId, listed.Outdated));
    }

    [Fact]
    public async Task A_proposal_that_changes_nothing_a_proposal_carries_is_not_kept()
    {
        var article = await ValidatedAsync();
        await UserAsync("sam.reyes");
        await Store.UpdateAsync(Expert, "kb-1", 1, Edit(Body) with { Owner = "sam.reyes" });

        // The editor sends no owner: for a Candidate that alone is no reason to ask a reviewer for anything.
        var outcome = await Store.UpdateAsync(Candidate, "kb-1", 2, Edit(Body));

        Assert.Null(outcome.Proposal);
        Assert.Empty(await Reads.ListAsync(new ProposalQuery { ArticleId = article.Id }));
    }

    [Fact]
    public async Task Accepting_makes_the_next_version_credits_the_author_and_records_audit_and_change_log()
    {
        var article = await ValidatedAsync();
        var proposal = await ProposeAsync(article, Body + "\nOne more line.", tags: ["outlook", "mfa"], note: "add a line");
        Clock.Advance(TimeSpan.FromHours(2));

        var outcome = await Store.AcceptProposalAsync(Contributor, proposal.Id, seenVersion: 1, note: "thanks");

        Assert.Equal(2, outcome.Article.Version);
        var stored = (await Store.FindAsync("kb-1"))!;
        Assert.Equal((2, KcsState.Validated, "sam"), (stored.Version, stored.State, stored.UpdatedBy));
        Assert.Contains("One more line.", stored.Body);
        Assert.Equal(["mfa", "outlook"], stored.TagNames);
        var revision = (await Store.RevisionsAsync("kb-1"))[^1];
        Assert.Equal((2, "sam", "cleo", (long?)proposal.Id), (revision.Version, revision.Author, revision.ProposedBy, revision.ProposalId));
        Assert.Equal($"Proposal #{proposal.Id}: add a line", revision.ChangeNote);

        var decided = (await Reads.ReviewAsync(proposal.Id))!.Proposal;
        Assert.Equal((ProposalStatus.Accepted, "sam", "thanks", (int?)2), (decided.Status, decided.DecidedBy, decided.DecisionNote, decided.AppliedVersion));
        Assert.Equal(Clock.Now.UtcDateTime, decided.DecidedAt);
        await using var db = Database.Factory.CreateDbContext();
        var change = await db.ChangeLog.OrderBy(c => c.Sequence).LastAsync();
        Assert.Equal((ChangeType.Updated, 2, "sam"), (change.Type, change.Version, change.Actor));
        var audit = await db.AuditTrail.OrderBy(a => a.Id).LastAsync();
        Assert.Equal((AuditActions.ProposalAccepted, "sam", "kb-1"), (audit.Action, audit.Actor, audit.Target));
        Assert.Contains("by cleo → version 2", audit.Details);
    }

    [Fact]
    public async Task Rejecting_needs_a_reason_that_the_author_then_reads()
    {
        var article = await ValidatedAsync();
        var proposal = await ProposeAsync(article, Body + "\nA guess.");

        var missing = await Assert.ThrowsAsync<ArticleValidationException>(() => Store.RejectProposalAsync(Contributor, proposal.Id, "   "));
        Assert.Contains("reason", missing.Errors.Keys);
        Assert.Equal(ProposalStatus.Open, (await Reads.ReviewAsync(proposal.Id))!.Proposal.Status);

        await Store.RejectProposalAsync(Contributor, proposal.Id, "  Step 3 is already in the linked article.  ");

        var mine = Assert.Single(await Reads.ListAsync(new ProposalQuery { Author = "cleo" }));
        Assert.Equal((ProposalStatus.Rejected, "sam", "Step 3 is already in the linked article."), (mine.Status, mine.DecidedBy, mine.DecisionNote));
        Assert.Equal(1, (await Store.FindAsync("kb-1"))!.Version);
        await using var db = Database.Factory.CreateDbContext();
        Assert.Equal(AuditActions.ProposalRejected, (await db.AuditTrail.OrderBy(a => a.Id).LastAsync()).Action);
    }

    [Fact]
    public async Task Its_author_withdraws_a_waiting_proposal_and_nobody_can_decide_it_afterwards()
    {
        var article = await ValidatedAsync();
        var proposal = await ProposeAsync(article, Body + "\nSecond thoughts.");

        var notTheirs = await Assert.ThrowsAsync<ArticleForbiddenException>(() => Store.WithdrawProposalAsync(Contributor, proposal.Id));
        Assert.Contains("Only its author (cleo)", notTheirs.Message);
        Assert.True((await Reads.ReviewAsync(proposal.Id))!.Proposal.IsOpen);

        await Store.WithdrawProposalAsync(new Actor("CLEO", KcsRole.Candidate), proposal.Id);

        var mine = Assert.Single(await Reads.ListAsync(new ProposalQuery { Author = "cleo", Statuses = [ProposalStatus.Withdrawn] }));
        Assert.Equal((ProposalStatus.Withdrawn, Clock.Now.UtcDateTime), (mine.Status, mine.DecidedAt));
        Assert.Empty(await Store.OpenProposalsAsync("kb-1"));
        var late = await Assert.ThrowsAsync<ProposalDecidedException>(() => Store.AcceptProposalAsync(Contributor, proposal.Id, 1));
        Assert.Contains("already withdrawn by CLEO", late.Message);
        await Assert.ThrowsAsync<ProposalDecidedException>(() => Store.WithdrawProposalAsync(new Actor("cleo", KcsRole.Candidate), proposal.Id));
        Assert.Equal(1, (await Store.FindAsync("kb-1"))!.Version);
        await using var db = Database.Factory.CreateDbContext();
        var audit = await db.AuditTrail.OrderBy(a => a.Id).LastAsync();
        Assert.Equal((AuditActions.ProposalWithdrawn, "CLEO", "kb-1"), (audit.Action, audit.Actor, audit.Target));
    }

    [Fact]
    public async Task A_decided_proposal_cannot_be_withdrawn()
    {
        var article = await ValidatedAsync();
        var proposal = await ProposeAsync(article, Body + "\nAdded.");
        await Store.RejectProposalAsync(Contributor, proposal.Id, "Already covered.");

        var late = await Assert.ThrowsAsync<ProposalDecidedException>(() => Store.WithdrawProposalAsync(new Actor("cleo", KcsRole.Candidate), proposal.Id));
        Assert.Contains("already rejected by sam", late.Message);
        Assert.Equal(ProposalStatus.Rejected, (await Reads.ReviewAsync(proposal.Id))!.Proposal.Status);
    }

    [Fact]
    public async Task Only_those_who_could_apply_the_edit_decide_on_it()
    {
        var internalArticle = await ValidatedAsync("kb-1");
        var customerArticle = await Store.CreateAsync(Publisher, "kb-2", Edit(Body, audience: Audience.Customer));
        var onInternal = await ProposeAsync(internalArticle, Body + "\nx");
        var onCustomer = await ProposeAsync(customerArticle, Body + "\ny", by: Contributor);

        await Assert.ThrowsAsync<ArticleForbiddenException>(() => Store.AcceptProposalAsync(new Actor("cara", KcsRole.Candidate), onInternal.Id, 1));
        await Assert.ThrowsAsync<ArticleForbiddenException>(() => Store.RejectProposalAsync(new Actor("cara", KcsRole.Candidate), onInternal.Id, "no"));
        await Assert.ThrowsAsync<ArticleForbiddenException>(() => Store.AcceptProposalAsync(OtherContributor, onCustomer.Id, 1));

        await Store.AcceptProposalAsync(Publisher, onCustomer.Id, 1);
        Assert.Equal(2, (await Store.FindAsync("kb-2"))!.Version);
        Assert.Equal(ProposalStatus.Open, (await Reads.ReviewAsync(onInternal.Id))!.Proposal.Status);
    }

    [Fact]
    public async Task A_proposal_written_on_an_older_version_is_merged_keeping_the_newer_changes()
    {
        var article = await ValidatedAsync();
        var proposal = await ProposeAsync(article, Body.Replace("2. Sign in again.", "2. Sign in again.\n3. Restart Outlook.", StringComparison.Ordinal));
        await Store.UpdateAsync(OtherContributor, "kb-1", 1, Edit(Body.Replace("A stale token.", "A stale token after an MFA change.", StringComparison.Ordinal), tags: ["outlook", "mfa"]));

        var review = (await Reads.ReviewAsync(proposal.Id))!;
        Assert.True(review.Outdated);
        Assert.False(review.Merge!.HasConflicts);

        await Store.AcceptProposalAsync(Contributor, proposal.Id, seenVersion: 2);

        var stored = (await Store.FindAsync("kb-1"))!;
        Assert.Equal(3, stored.Version);
        Assert.Contains("3. Restart Outlook.", stored.Body);
        Assert.Contains("A stale token after an MFA change.", stored.Body);
        Assert.Equal(["mfa", "outlook"], stored.TagNames);
        Assert.EndsWith("(merged onto version 2)", (await Store.RevisionsAsync("kb-1"))[^1].ChangeNote);
    }

    [Fact]
    public async Task Overlapping_changes_are_never_overwritten_unless_the_decider_explicitly_replaces_them()
    {
        var article = await ValidatedAsync();
        var proposal = await ProposeAsync(article, Body.Replace("1. Clear cached credentials.", "1. Remove the saved password in Credential Manager.", StringComparison.Ordinal));
        await Store.UpdateAsync(OtherContributor, "kb-1", 1, Edit(Body.Replace("1. Clear cached credentials.", "1. Clear cached credentials (Control Panel).", StringComparison.Ordinal)));

        var conflict = await Assert.ThrowsAsync<ProposalMergeConflictException>(() => Store.AcceptProposalAsync(Contributor, proposal.Id, seenVersion: 2));
        Assert.Equal((1, 2, 1), (conflict.BaseVersion, conflict.CurrentVersion, conflict.Conflicts));
        Assert.Equal(2, (await Store.FindAsync("kb-1"))!.Version);
        Assert.Equal(ProposalStatus.Open, (await Reads.ReviewAsync(proposal.Id))!.Proposal.Status);

        await Store.AcceptProposalAsync(Contributor, proposal.Id, seenVersion: 2, ProposalAcceptMode.Replace);

        var stored = (await Store.FindAsync("kb-1"))!;
        Assert.Contains("Remove the saved password", stored.Body);
        Assert.DoesNotContain("Control Panel", stored.Body);
        Assert.Contains("applied as written over version 2", (await Store.RevisionsAsync("kb-1"))[^1].ChangeNote);
    }

    [Fact]
    public async Task Accepting_against_a_version_the_decider_has_not_seen_changes_nothing()
    {
        var article = await ValidatedAsync();
        var proposal = await ProposeAsync(article, Body + "\nAdded.");
        await Store.UpdateAsync(OtherContributor, "kb-1", 1, Edit(Body.Replace("## Cause", "## Cause\nSeen by nobody yet.", StringComparison.Ordinal)));

        var conflict = await Assert.ThrowsAsync<ArticleConflictException>(() => Store.AcceptProposalAsync(Contributor, proposal.Id, seenVersion: 1));

        Assert.Equal((1, 2), (conflict.ExpectedVersion, conflict.CurrentVersion));
        Assert.Equal(2, (await Store.FindAsync("kb-1"))!.Version);
        Assert.True((await Reads.ReviewAsync(proposal.Id))!.Proposal.IsOpen);
    }

    [Fact]
    public async Task A_decided_proposal_cannot_be_decided_again_and_says_by_whom()
    {
        var article = await ValidatedAsync();
        var proposal = await ProposeAsync(article, Body + "\nAdded.");
        await Store.AcceptProposalAsync(Contributor, proposal.Id, 1);

        var again = await Assert.ThrowsAsync<ProposalDecidedException>(() => Store.AcceptProposalAsync(OtherContributor, proposal.Id, 2));
        Assert.Contains("already accepted by sam", again.Message);
        Assert.Contains("(version 2)", again.Message);
        await Assert.ThrowsAsync<ProposalDecidedException>(() => Store.RejectProposalAsync(OtherContributor, proposal.Id, "too late"));
        await Assert.ThrowsAsync<ProposalNotFoundException>(() => Store.AcceptProposalAsync(OtherContributor, 987654, 2));
        Assert.Equal(2, (await Store.FindAsync("kb-1"))!.Version);
    }

    [Fact]
    public async Task A_decider_who_read_the_proposal_open_loses_to_one_who_decided_meanwhile()
    {
        var article = await ValidatedAsync();
        var proposal = await ProposeAsync(article, Body + "\nAdded.");
        // The first decider reads the open proposal and the article, then stops just before writing (its clock is asked
        // for the decision time once everything is read); the second decides completely; then the first writes.
        var clock = new GatedClock(Clock.Now);
        var slowStore = new ArticleStore(Database.Factory, clock);
        var slow = Task.Run(() => slowStore.AcceptProposalAsync(Contributor, proposal.Id, seenVersion: 1));
        await clock.Reached;

        await Store.RejectProposalAsync(OtherContributor, proposal.Id, "Covered by kb-7 already.");
        clock.Release();

        var lost = await Assert.ThrowsAsync<ProposalDecidedException>(() => slow);
        Assert.Contains("already rejected by ravi", lost.Message);
        Assert.Equal(1, (await Store.FindAsync("kb-1"))!.Version);
        var stored = (await Reads.ReviewAsync(proposal.Id))!.Proposal;
        Assert.Equal((ProposalStatus.Rejected, "ravi", (int?)null), (stored.Status, stored.DecidedBy, stored.AppliedVersion));
    }

    [Fact]
    public async Task A_rejection_read_before_an_acceptance_committed_does_not_overwrite_it()
    {
        var article = await ValidatedAsync();
        var proposal = await ProposeAsync(article, Body + "\nAdded.");
        var clock = new GatedClock(Clock.Now);
        var slow = Task.Run(() => new ArticleStore(Database.Factory, clock).RejectProposalAsync(OtherContributor, proposal.Id, "no"));
        await clock.Reached;

        await Store.AcceptProposalAsync(Contributor, proposal.Id, 1);
        clock.Release();

        await Assert.ThrowsAsync<ProposalDecidedException>(() => slow);
        var stored = (await Reads.ReviewAsync(proposal.Id))!.Proposal;
        Assert.Equal((ProposalStatus.Accepted, "sam", (int?)2), (stored.Status, stored.DecidedBy, stored.AppliedVersion));
    }

    [Fact]
    public async Task Of_many_deciders_at_once_exactly_one_wins()
    {
        var article = await ValidatedAsync();
        var proposal = await ProposeAsync(article, Body + "\nAdded.");
        var deciders = Enumerable.Range(0, 6).Select(i => Task.Run(async () =>
        {
            try
            {
                var actor = new Actor($"decider{i}", KcsRole.Contributor);
                if (i % 2 == 0) await Store.AcceptProposalAsync(actor, proposal.Id, 1);
                else await Store.RejectProposalAsync(actor, proposal.Id, $"rejected by {i}");
                return true;
            }
            catch (ProposalDecidedException)
            {
                return false;
            }
        })).ToArray();

        var won = await Task.WhenAll(deciders);

        Assert.Equal(1, won.Count(w => w));
        var stored = (await Reads.ReviewAsync(proposal.Id))!.Proposal;
        var winner = Array.IndexOf(won, true);
        Assert.Equal($"decider{winner}", stored.DecidedBy);
        Assert.Equal(winner % 2 == 0 ? 2 : 1, (await Store.FindAsync("kb-1"))!.Version);
        Assert.Equal(winner % 2 == 0 ? 2 : 1, (await Store.RevisionsAsync("kb-1")).Count);
    }

    [Fact]
    public async Task Deleting_an_article_closes_its_open_proposals_with_the_reason()
    {
        var article = await ValidatedAsync();
        var proposal = await ProposeAsync(article, Body + "\nAdded.");

        await Store.DeleteAsync(Expert, "kb-1", 1);

        var closed = Assert.Single(await Reads.ListAsync(new ProposalQuery { Author = "cleo" }));
        Assert.Equal((ProposalStatus.Rejected, "kim", "The article was deleted by kim."), (closed.Status, closed.DecidedBy, closed.DecisionNote));
        Assert.True(closed.ArticleDeleted);
        Assert.Null((await Reads.ReviewAsync(proposal.Id))!.Article);
    }

    [Fact]
    public async Task Lists_filter_by_status_and_page_by_id_in_both_directions()
    {
        var article = await ValidatedAsync();
        var ids = new List<long>();
        for (var i = 0; i < 5; i++) ids.Add((await ProposeAsync(article, Body + $"\nLine {i}.")).Id);
        await Store.RejectProposalAsync(Contributor, ids[1], "dup");

        var firstPage = await Reads.ListAsync(new ProposalQuery { Statuses = [ProposalStatus.Open], Limit = 2 });
        var secondPage = await Reads.ListAsync(new ProposalQuery { Statuses = [ProposalStatus.Open], Limit = 2, After = firstPage[^1].Id });
        Assert.Equal([ids[0], ids[2], ids[3], ids[4]], firstPage.Concat(secondPage).Select(p => p.Id));
        Assert.Equal([ids[4], ids[3]], (await Reads.ListAsync(new ProposalQuery { NewestFirst = true, Limit = 2 })).Select(p => p.Id));
        Assert.Equal([ids[2], ids[1]], (await Reads.ListAsync(new ProposalQuery { NewestFirst = true, After = ids[3], Limit = 2 })).Select(p => p.Id));
        Assert.Equal([ids[1]], (await Reads.ListAsync(new ProposalQuery { Statuses = [ProposalStatus.Rejected] })).Select(p => p.Id));
        Assert.Empty(await Reads.ListAsync(new ProposalQuery { ArticleAudience = Audience.Customer }));
    }

    [Fact]
    public async Task The_article_page_gets_open_proposals_oldest_first_then_the_latest_decisions()
    {
        var article = await ValidatedAsync();
        var first = await ProposeAsync(article, Body + "\nFirst.");
        var second = await ProposeAsync(article, Body + "\nSecond.");
        var third = await ProposeAsync(article, Body + "\nThird.");
        await Store.RejectProposalAsync(Contributor, second.Id, "no");

        var reviews = await Reads.ForArticleAsync("kb-1");

        Assert.Equal([first.Id, third.Id, second.Id], reviews.Select(r => r.Proposal.Id));
        Assert.NotNull(reviews[0].Merge);
        Assert.Null(reviews[2].Merge);
        Assert.Equal(Body + "\nSecond.", reviews[2].Proposed.Body);
        Assert.Equal(Body, reviews[2].Base.Body);
    }

    /// <summary>A clock that stops its caller the first time it is asked, until the test releases it.</summary>
    private sealed class GatedClock(DateTimeOffset now) : TimeProvider
    {
        private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly ManualResetEventSlim _release = new();
        private int _calls;

        public Task Reached => _reached.Task;

        public void Release() => _release.Set();

        public override DateTimeOffset GetUtcNow()
        {
            if (Interlocked.Increment(ref _calls) == 1)
            {
                _reached.SetResult();
                _release.Wait(TimeSpan.FromSeconds(30));
            }
            return now;
        }
    }
}

public sealed class SqliteProposalTests : ProposalTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.CreateSqliteAsync();
}

[Collection(KnowledgeBase.Testing.PostgresCollection.Name)]
public sealed class PostgresProposalTests(PostgresServerFixture postgres) : ProposalTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.CreatePostgresAsync(postgres.Server);
}
