using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Lifecycle;
using KnowledgeBase.Testing;
using Microsoft.EntityFrameworkCore;

namespace KnowledgeBase.Data.Tests;

public abstract class ArticleStoreTests : StorageTestBase
{
    private static readonly Actor Contributor = new("casey", KcsRole.Contributor);
    private static readonly Actor Candidate = new("cleo", KcsRole.Candidate);
    private static readonly Actor Expert = new("kim", KcsRole.KnowledgeDomainExpert);

    private const string Body = """
        # Outlook prompts for a password

        ## Issue
        Outlook keeps asking for the password: "Need password".

        ## Environment
        Microsoft 365, Outlook for Windows.

        ## Resolution
        1. Clear cached credentials.
        2. Sign in again. <script>alert(1)</script>

        ## Cause
        A stale token.
        """;

    private static ArticleEdit Edit(string title = "Outlook prompts for a password — Microsoft 365", string body = Body,
        KcsState state = KcsState.NotValidated, Audience audience = Audience.Internal, string[]? categories = null, string[]? tags = null, string note = "") => new()
    {
        Title = title, Body = body, State = state, Audience = audience,
        Categories = categories ?? ["email-outlook", "identity"], Tags = tags ?? ["Outlook", "MFA prompt"], ChangeNote = note,
    };

    [Fact]
    public async Task Html_rendered_by_an_older_pipeline_is_re_rendered_without_a_new_version_or_change()
    {
        await Store.CreateAsync(Contributor, "kb-old", Edit(body: "## Issue\nReplace <username> first.\n\n> [!NOTE]\n> Back up the profile."));
        await Store.CreateAsync(Contributor, "kb-new", Edit(body: "## Issue\nAlready current."));
        await using (var db = Database.Factory.CreateDbContext())
        {
            // As an article imported before this pipeline version stored it.
            await db.Articles.Where(a => a.Id == "kb-old").ExecuteUpdateAsync(s => s.SetProperty(a => a.Html, "<p>Replace </p>").SetProperty(a => a.HtmlVersion, 0));
        }
        long changes;
        await using (var db = Database.Factory.CreateDbContext()) changes = await db.ChangeLog.CountAsync();

        Assert.Equal(1, await Store.RefreshStaleHtmlAsync(10));
        Assert.Equal(0, await Store.RefreshStaleHtmlAsync(10));

        await using var check = Database.Factory.CreateDbContext();
        var old = await check.Articles.SingleAsync(a => a.Id == "kb-old");
        Assert.Contains("Replace &lt;username&gt; first.", old.Html);
        Assert.Contains("markdown-alert-note", old.Html);
        Assert.Equal(Core.Markdown.ArticleRenderer.Version, old.HtmlVersion);
        Assert.Equal(1, old.Version);
        Assert.Equal(changes, await check.ChangeLog.CountAsync());
        Assert.Equal(1, await check.ArticleRevisions.CountAsync(r => r.ArticleId == "kb-old"));
    }

    [Fact]
    public async Task Creating_an_article_stores_version_1_with_sections_sanitized_html_a_revision_and_a_change_log_row()
    {
        var article = await Store.CreateAsync(Contributor, "kb-1", Edit());

        await using var db = Database.Factory.CreateDbContext();
        var stored = await db.Articles.Include(a => a.Categories).Include(a => a.Tags).SingleAsync();
        Assert.Equal(1, stored.Version);
        Assert.Equal(1, article.Version);
        Assert.Contains("Need password", stored.Issue);
        Assert.Contains("Microsoft 365", stored.Environment);
        Assert.Contains("Clear cached credentials", stored.Resolution);
        Assert.Contains("stale token", stored.Cause);
        Assert.DoesNotContain("<script", stored.Html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<h2 id=\"issue\">Issue</h2>", stored.Html);
        Assert.Equal(["email-outlook", "identity"], stored.CategoryIds);
        Assert.Equal(["mfa-prompt", "outlook"], stored.TagNames);
        Assert.Equal("casey", stored.CreatedBy);
        Assert.Equal(KcsRole.Contributor, stored.LastAuthorRole);

        var revision = await db.ArticleRevisions.SingleAsync();
        Assert.Equal((1, "kb-1", "casey"), (revision.Version, revision.ArticleId, revision.Author));
        Assert.Equal(stored.Html, revision.Html);
        var change = await db.ChangeLog.SingleAsync();
        Assert.Equal((ChangeType.Created, "kb-1", 1), (change.Type, change.ArticleId, change.Version));
    }

    [Fact]
    public async Task Timestamps_are_stored_and_read_back_as_utc()
    {
        await Store.CreateAsync(Contributor, "kb-1", Edit());
        await using var db = Database.Factory.CreateDbContext();
        var stored = await db.Articles.SingleAsync();
        Assert.Equal(DateTimeKind.Utc, stored.CreatedAt.Kind);
        Assert.Equal(Clock.Now.UtcDateTime, stored.CreatedAt);
        Assert.Equal(DateTimeKind.Utc, stored.ReviewDueAt!.Value.Kind);
        Assert.Equal(DateTimeKind.Utc, (await db.ChangeLog.SingleAsync()).OccurredAt.Kind);
    }

    [Fact]
    public async Task Review_due_is_computed_from_the_primary_categorys_interval()
    {
        await Store.CreateAsync(Contributor, "kb-1", Edit());
        var stored = await Store.FindAsync("kb-1");
        Assert.Equal(Clock.Now.UtcDateTime.AddDays(30), stored!.ReviewDueAt);
    }

    [Fact]
    public async Task Each_edit_appends_a_revision_and_keeps_the_old_ones_unchanged()
    {
        await Store.CreateAsync(Contributor, "kb-1", Edit());
        Clock.Advance(TimeSpan.FromHours(1));
        var outcome = await Store.UpdateAsync(Contributor, "kb-1", 1, Edit(body: Body.Replace("stale token", "expired refresh token"), note: "Better cause"));
        Clock.Advance(TimeSpan.FromHours(1));
        await Store.UpdateAsync(Contributor, "kb-1", 2, Edit(title: "Outlook asks for a password again and again — Microsoft 365"));

        Assert.True(outcome.Applied);
        var revisions = await Store.RevisionsAsync("kb-1");
        Assert.Equal([1, 2, 3], revisions.Select(r => r.Version));
        Assert.Contains("stale token", revisions[0].Body);
        Assert.Contains("expired refresh token", revisions[1].Body);
        Assert.Equal("Better cause", revisions[1].ChangeNote);
        Assert.Equal("Outlook asks for a password again and again — Microsoft 365", revisions[2].Title);
        Assert.Equal(3, (await Store.FindAsync("kb-1"))!.Version);
    }

    [Fact]
    public async Task Revisions_and_change_log_rows_cannot_be_modified_or_deleted()
    {
        await Store.CreateAsync(Contributor, "kb-1", Edit());
        await using var db = Database.Factory.CreateDbContext();
        var revision = await db.ArticleRevisions.SingleAsync();
        db.Entry(revision).Property(r => r.ChangeNote).CurrentValue = "rewritten history";
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());

        await using var db2 = Database.Factory.CreateDbContext();
        db2.ChangeLog.Remove(await db2.ChangeLog.SingleAsync());
        await Assert.ThrowsAsync<InvalidOperationException>(() => db2.SaveChangesAsync());
    }

    [Fact]
    public async Task Saving_over_a_newer_version_is_refused_with_a_conflict_that_names_both_versions()
    {
        await Store.CreateAsync(Contributor, "kb-1", Edit());
        await Store.UpdateAsync(Contributor, "kb-1", 1, Edit(body: Body + "\nFirst writer."));

        var conflict = await Assert.ThrowsAsync<ArticleConflictException>(() =>
            Store.UpdateAsync(Expert, "kb-1", 1, Edit(body: Body + "\nSecond writer, from the old version.")));

        Assert.Equal(1, conflict.ExpectedVersion);
        Assert.Equal(2, conflict.CurrentVersion);
        Assert.Contains("version 1", conflict.Message);
        Assert.Contains("version is 2", conflict.Message);
        var stored = await Store.FindAsync("kb-1");
        Assert.Contains("First writer.", stored!.Body);
        Assert.DoesNotContain("Second writer", stored.Body);
        Assert.Equal(2, (await Store.RevisionsAsync("kb-1")).Count);
    }

    [Fact]
    public async Task Two_writers_racing_from_the_same_version_never_both_win()
    {
        await Store.CreateAsync(Contributor, "kb-1", Edit());
        var writers = Enumerable.Range(0, 6).Select(i => Task.Run(async () =>
        {
            try
            {
                await Store.UpdateAsync(Contributor, "kb-1", 1, Edit(body: Body + $"\nWriter {i}."));
                return true;
            }
            catch (ArticleConflictException)
            {
                return false;
            }
        })).ToArray();
        var results = await Task.WhenAll(writers);

        Assert.Equal(1, results.Count(r => r));
        var stored = await Store.FindAsync("kb-1");
        Assert.Equal(2, stored!.Version);
        Assert.Equal(2, (await Store.RevisionsAsync("kb-1")).Count);
        await using var db = Database.Factory.CreateDbContext();
        Assert.Equal(2, await db.ChangeLog.CountAsync());
    }

    [Fact]
    public async Task A_candidates_edit_of_a_validated_article_is_kept_as_a_proposal_and_the_article_is_unchanged()
    {
        await Store.CreateAsync(Contributor, "kb-1", Edit(state: KcsState.Validated));

        var outcome = await Store.UpdateAsync(Candidate, "kb-1", 1, Edit(state: KcsState.Validated, body: Body + "\nCandidate's extra step."));

        Assert.False(outcome.Applied);
        Assert.NotNull(outcome.Proposal);
        Assert.Contains("proposed revision", outcome.Message);
        var stored = await Store.FindAsync("kb-1");
        Assert.Equal(1, stored!.Version);
        Assert.DoesNotContain("Candidate's extra step", stored.Body);
        var proposals = await Store.OpenProposalsAsync("kb-1");
        Assert.Contains("Candidate's extra step", Assert.Single(proposals).Body);
        await using var db = Database.Factory.CreateDbContext();
        Assert.Equal(1, await db.ChangeLog.CountAsync());
    }

    [Fact]
    public async Task Accepting_a_proposal_applies_it_as_the_next_version_and_closes_it()
    {
        await Store.CreateAsync(Contributor, "kb-1", Edit(state: KcsState.Validated));
        var proposal = (await Store.UpdateAsync(Candidate, "kb-1", 1, Edit(state: KcsState.Validated, body: Body + "\nCandidate's extra step.", note: "add a step"))).Proposal!;

        var accepted = (await Store.AcceptProposalAsync(Contributor, proposal.Id, seenVersion: 1)).Article;

        Assert.Equal(2, accepted.Version);
        Assert.Contains("Candidate's extra step", accepted.Body);
        Assert.Equal(KcsState.Validated, accepted.State);
        var revision = (await Store.RevisionsAsync("kb-1"))[^1];
        Assert.Equal($"Proposal #{proposal.Id}: add a step", revision.ChangeNote);
        Assert.Equal(("casey", "cleo"), (revision.Author, revision.ProposedBy));
        Assert.Empty(await Store.OpenProposalsAsync("kb-1"));
    }

    [Fact]
    public async Task A_candidate_cannot_accept_proposals()
    {
        await Store.CreateAsync(Contributor, "kb-1", Edit(state: KcsState.Validated));
        var proposal = (await Store.UpdateAsync(Candidate, "kb-1", 1, Edit(state: KcsState.Validated, body: Body + "\nx"))).Proposal!;
        await Assert.ThrowsAsync<ArticleForbiddenException>(() => Store.AcceptProposalAsync(new Actor("other", KcsRole.Candidate), proposal.Id, seenVersion: 1));
        Assert.Single(await Store.OpenProposalsAsync("kb-1"));
    }

    [Fact]
    public async Task A_proposal_based_on_an_old_version_conflicts_instead_of_overwriting()
    {
        await Store.CreateAsync(Contributor, "kb-1", Edit(state: KcsState.Validated));
        var proposal = (await Store.UpdateAsync(Candidate, "kb-1", 1, Edit(state: KcsState.Validated, body: Body + "\nx"))).Proposal!;
        await Store.UpdateAsync(Contributor, "kb-1", 1, Edit(state: KcsState.Validated, body: Body + "\nnewer"));

        // Both appended a line at the end: merging would have to choose, so nothing is applied.
        var conflict = await Assert.ThrowsAsync<ProposalMergeConflictException>(() => Store.AcceptProposalAsync(Contributor, proposal.Id, seenVersion: 2));
        Assert.Equal((1, 2), (conflict.BaseVersion, conflict.CurrentVersion));
        Assert.Contains("newer", (await Store.FindAsync("kb-1"))!.Body);
    }

    [Fact]
    public async Task A_forbidden_change_is_refused_and_nothing_is_stored()
    {
        await Store.CreateAsync(Contributor, "kb-1", Edit());
        var refused = await Assert.ThrowsAsync<ArticleForbiddenException>(() => Store.UpdateAsync(Contributor, "kb-1", 1, Edit(state: KcsState.Archived)));
        Assert.Contains("archive", refused.Message);
        await Assert.ThrowsAsync<ArticleForbiddenException>(() => Store.CreateAsync(Candidate, "kb-2", Edit(state: KcsState.Validated)));

        await using var db = Database.Factory.CreateDbContext();
        Assert.Equal(1, await db.Articles.CountAsync());
        Assert.Equal(1, await db.ChangeLog.CountAsync());
        Assert.Equal(KcsState.NotValidated, (await db.Articles.SingleAsync()).State);
    }

    [Fact]
    public async Task State_changes_are_logged_with_their_kind()
    {
        await Store.CreateAsync(Contributor, "kb-1", Edit());
        await Store.UpdateAsync(Contributor, "kb-1", 1, Edit(state: KcsState.Validated));
        await Store.UpdateAsync(Expert, "kb-1", 2, Edit(state: KcsState.Archived));
        await Store.DeleteAsync(Expert, "kb-1", 3);

        await using var db = Database.Factory.CreateDbContext();
        var log = await db.ChangeLog.OrderBy(c => c.Sequence).ToListAsync();
        Assert.Equal([ChangeType.Created, ChangeType.StateChanged, ChangeType.Archived, ChangeType.Deleted], log.Select(c => c.Type));
        Assert.Equal([1, 2, 3, 4], log.Select(c => c.Version));
        Assert.True(log.Zip(log.Skip(1)).All(p => p.First.Sequence < p.Second.Sequence));
        Assert.Null(await Store.FindAsync("kb-1"));
        Assert.Equal(3, (await Store.RevisionsAsync("kb-1")).Count);
    }

    [Fact]
    public async Task Unknown_categories_and_bad_fields_are_reported_by_field_and_nothing_is_stored()
    {
        var invalid = await Assert.ThrowsAsync<ArticleValidationException>(() => Store.CreateAsync(Contributor, "kb-1", Edit(categories: ["nope"])));
        Assert.Equal("Unknown category: nope.", invalid.Errors["categories"]);

        var blank = await Assert.ThrowsAsync<ArticleValidationException>(() => Store.CreateAsync(Contributor, "bad id!", Edit(title: " ")));
        Assert.Contains("title", blank.Errors.Keys);
        Assert.Contains("id", blank.Errors.Keys);

        await using var db = Database.Factory.CreateDbContext();
        Assert.Equal(0, await db.Articles.CountAsync());
    }

    [Fact]
    public async Task Creating_an_article_with_an_existing_id_is_refused()
    {
        await Store.CreateAsync(Contributor, "kb-1", Edit());
        var duplicate = await Assert.ThrowsAsync<ArticleValidationException>(() => Store.CreateAsync(Contributor, "kb-1", Edit(title: "Other")));
        Assert.Contains("already exists", duplicate.Errors["id"]);
    }

    [Fact]
    public async Task Articles_without_an_id_get_one_from_their_title()
    {
        var first = await Store.CreateAsync(Contributor, null, Edit(title: "Printer spooler crashes"));
        var second = await Store.CreateAsync(Contributor, null, Edit(title: "Printer spooler crashes"));
        Assert.Equal("printer-spooler-crashes", first.Id);
        Assert.Equal("printer-spooler-crashes-2", second.Id);
    }

    [Fact]
    public async Task Confirming_a_review_records_who_and_when_and_moves_the_due_date()
    {
        await Store.CreateAsync(Contributor, "kb-1", Edit(state: KcsState.Validated));
        Clock.Advance(TimeSpan.FromDays(40));
        var reviewed = await Store.ConfirmReviewedAsync(Contributor, "kb-1");
        Assert.Equal(Clock.Now.UtcDateTime, reviewed.LastReviewedAt);
        Assert.Equal("casey", reviewed.LastReviewedBy);
        Assert.Equal(Clock.Now.UtcDateTime.AddDays(30), reviewed.ReviewDueAt);
        await Assert.ThrowsAsync<ArticleForbiddenException>(() => Store.ConfirmReviewedAsync(Candidate, "kb-1"));
    }

    [Fact]
    public async Task Every_article_change_is_recorded_in_the_append_only_audit_trail()
    {
        await Store.CreateAsync(Contributor, "kb-1", Edit());
        await Store.UpdateAsync(Contributor, "kb-1", 1, Edit(state: KcsState.Validated, body: Body + "\nmore"));
        var proposal = (await Store.UpdateAsync(Candidate, "kb-1", 2, Edit(state: KcsState.Validated, body: Body + "\ncandidate"))).Proposal!;
        await Store.RejectProposalAsync(Contributor, proposal.Id, "not needed");
        await Store.UpdateAsync(new Actor("pat", KcsRole.Publisher), "kb-1", 2, Edit(state: KcsState.Validated, audience: Audience.Customer, body: Body + "\nmore"));
        await Store.ConfirmReviewedAsync(Contributor, "kb-1");
        await Store.DeleteAsync(Expert, "kb-1", 3);

        await using var db = Database.Factory.CreateDbContext();
        var trail = await db.AuditTrail.OrderBy(a => a.Id).Select(a => new { a.Actor, a.Action, a.Details }).ToListAsync();
        Assert.Equal(
            ["article.created", "article.edited", "article.state-changed", "article.proposal-created", "article.proposal-rejected",
             "article.audience-changed", "article.reviewed", "article.deleted"],
            trail.Select(t => t.Action));
        Assert.Equal("Not Validated → Validated", trail[2].Details);
        Assert.Equal("Internal → Customer", trail[5].Details);
        Assert.Equal(["casey", "casey", "casey", "cleo", "casey", "pat", "casey", "kim"], trail.Select(t => t.Actor));

        var entry = await db.AuditTrail.FirstAsync();
        db.AuditTrail.Remove(entry);
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
    }

    [Fact]
    public async Task Editing_a_missing_article_says_it_does_not_exist()
    {
        var missing = await Assert.ThrowsAsync<ArticleNotFoundException>(() => Store.UpdateAsync(Contributor, "nope", 1, Edit()));
        Assert.Equal("Article 'nope' does not exist.", missing.Message);
    }
}

public sealed class SqliteArticleStoreTests : ArticleStoreTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.CreateSqliteAsync();
}

[Collection(KnowledgeBase.Testing.PostgresCollection.Name)]
public sealed class PostgresArticleStoreTests(PostgresServerFixture postgres) : ArticleStoreTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.CreatePostgresAsync(postgres.Server);
}
