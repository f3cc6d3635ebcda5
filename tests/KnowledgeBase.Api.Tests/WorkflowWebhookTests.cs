using System.Net.Http.Json;
using System.Text.Json;
using KnowledgeBase.Core.Api;
using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Lifecycle;
using KnowledgeBase.Core.Tickets;
using KnowledgeBase.Data;
using KnowledgeBase.Data.Tickets;
using KnowledgeBase.Testing;
using KnowledgeBase.Web.Api;
using Microsoft.EntityFrameworkCore;

namespace KnowledgeBase.Api.Tests;

/// <summary>
/// The workflow webhook events (article flagged, review due, proposal created and decided), delivered signed through
/// the outbox to a receiver on loopback that verifies each signature with its own HMAC; on SQLite and PostgreSQL.
/// </summary>
public abstract class WorkflowWebhookTests(WorkflowWebhookTests.Fixture fixture) : IAsyncLifetime
{
    public sealed class Fixture : SharedApiSite
    {

        protected override void Configure(Dictionary<string, string?> settings)
        {
            // Review due is time itself: the dispatcher looks for newly due reviews this often (ten minutes in production).
            settings["Api:Webhooks:ReviewScanSeconds"] = "0.2";
        }

        protected override async Task SeedAsync()
        {
            _ = await Api.KeyAsync();
        }
    }

    protected abstract Task<Dictionary<string, string?>> ProviderSettingsAsync();

    public Task InitializeAsync() => fixture.StartAsync(ProviderSettingsAsync);

    public Task DisposeAsync() => Task.CompletedTask;

    private ApiSite Api => fixture.Api;

    private static readonly Actor Candidate = new("candy.candidate@test.local", KcsRole.Candidate);
    private static readonly Actor Contributor = new("conny.contributor@test.local", KcsRole.Contributor);

    private async Task<(long Id, string Secret)> SubscribeAsync(HttpClient client, WebhookReceiver receiver, params string[] events)
    {
        var response = await client.PostAsJsonAsync("/api/v1/webhooks", new { url = receiver.Url, events });
        var body = await response.BodyAsync();
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        receiver.Secret = body.GetProperty("secret").GetString()!;
        return (body.GetProperty("id").GetInt64(), receiver.Secret);
    }

    private static JsonElement Data(JsonElement e) => e.GetProperty("data");

    [Fact]
    public async Task A_flag_and_proposals_created_accepted_and_rejected_arrive_signed_each_once_with_its_own_id()
    {
        await using var receiver = new WebhookReceiver();
        await receiver.StartAsync();
        await SubscribeAsync(Api.Client(await Api.KeyAsync()), receiver, WebhookEvents.ArticleFlagged, WebhookEvents.ProposalCreated, WebhookEvents.ProposalDecided);

        var article = await Api.ArticleAsync("Workflow probe: scan to email fails with SMTP 535");
        var accepted = (await Api.Articles.UpdateAsync(Candidate, article.Id, 1, new ArticleEdit
        {
            Title = article.Title, Body = article.Body + "\nUse an app password for the scanner's mailbox.", State = KcsState.Validated, ChangeNote = "app password step",
        })).Proposal!;
        await Api.Articles.AcceptProposalAsync(Contributor, accepted.Id, seenVersion: 1);
        var rejected = (await Api.Articles.UpdateAsync(Candidate, article.Id, 2, new ArticleEdit
        {
            Title = article.Title, Body = article.Body + "\nReinstall the scanner driver.", State = KcsState.Validated, ChangeNote = "reinstall",
        })).Proposal!;
        await Api.Articles.RejectProposalAsync(Contributor, rejected.Id, "Reinstalling does not fix an SMTP 535.");
        var flag = await Api.Service<ReuseLedger>().FlagAsync(Candidate, article.Id, FlagReason.Incomplete, "Says nothing about OAuth-only tenants.");

        var flagged = await receiver.WaitForAsync(e => e.GetProperty("id").GetString() == $"flag-{flag.Id}", "article.flagged");
        var created = await receiver.WaitForAsync(e => e.GetProperty("id").GetString() == $"proposal-{accepted.Id}", "proposal.created");
        var acceptedEvent = await receiver.WaitForAsync(e => e.GetProperty("id").GetString() == $"proposal-{accepted.Id}-decided", "accepted");
        var rejectedEvent = await receiver.WaitForAsync(e => e.GetProperty("id").GetString() == $"proposal-{rejected.Id}-decided", "rejected");
        await receiver.WaitForAsync(e => e.GetProperty("id").GetString() == $"proposal-{rejected.Id}", "the second proposal.created");

        Assert.Equal(WebhookEvents.ArticleFlagged, flagged.GetProperty("type").GetString());
        Assert.Equal(article.Id, Data(flagged).GetProperty("articleId").GetString());
        Assert.Equal("incomplete", Data(flagged).GetProperty("reason").GetString());
        Assert.Equal("Says nothing about OAuth-only tenants.", Data(flagged).GetProperty("comment").GetString());
        Assert.Equal(Candidate.Name, Data(flagged).GetProperty("raisedBy").GetString());
        Assert.EndsWith($"/articles/{article.Id}", Data(flagged).GetProperty("url").GetString());

        Assert.Equal(WebhookEvents.ProposalCreated, created.GetProperty("type").GetString());
        Assert.Equal(Candidate.Name, Data(created).GetProperty("author").GetString());
        Assert.Equal(1, Data(created).GetProperty("baseVersion").GetInt32());
        Assert.Equal("app password step", Data(created).GetProperty("changeNote").GetString());
        Assert.EndsWith($"/articles/{article.Id}?proposal={accepted.Id}#proposal-{accepted.Id}", Data(created).GetProperty("reviewUrl").GetString());
        Assert.Equal($"/api/v1/proposals/{accepted.Id}", Data(created).GetProperty("apiPath").GetString());

        Assert.Equal(WebhookEvents.ProposalDecided, acceptedEvent.GetProperty("type").GetString());
        Assert.Equal("accepted", Data(acceptedEvent).GetProperty("status").GetString());
        Assert.Equal(Contributor.Name, Data(acceptedEvent).GetProperty("decidedBy").GetString());
        Assert.Equal(2, Data(acceptedEvent).GetProperty("appliedVersion").GetInt32());
        Assert.Equal("rejected", Data(rejectedEvent).GetProperty("status").GetString());
        Assert.Equal("Reinstalling does not fix an SMTP 535.", Data(rejectedEvent).GetProperty("decisionNote").GetString());

        Assert.Empty(receiver.BadSignatures);
        // At least once on the wire, once in effect: every id queued once however often the dispatcher re-scanned.
        await using var db = Api.Service<KnowledgeBaseContextFactory>().CreateDbContext();
        var ids = new[] { $"flag-{flag.Id}", $"proposal-{accepted.Id}", $"proposal-{accepted.Id}-decided", $"proposal-{rejected.Id}", $"proposal-{rejected.Id}-decided" };
        var queued = await db.WebhookDeliveries.Where(d => ids.Contains(d.EventId)).GroupBy(d => d.EventId).Select(g => g.Count()).ToListAsync();
        Assert.Equal(5, queued.Count);
        Assert.All(queued, count => Assert.Equal(1, count));
    }

    [Fact]
    public async Task A_review_that_falls_due_is_announced_once_per_due_date_and_not_after_the_review()
    {
        await using var receiver = new WebhookReceiver();
        await receiver.StartAsync();
        var (subscriptionId, _) = await SubscribeAsync(Api.Client(await Api.KeyAsync()), receiver, WebhookEvents.ArticleReviewDue);
        var now = DateTime.UtcNow;
        await using (var db = Api.Service<KnowledgeBaseContextFactory>().CreateDbContext())
        {
            // A receiver subscribed last week: reviews falling due since then are its business.
            await db.WebhookSubscriptions.Where(s => s.Id == subscriptionId).ExecuteUpdateAsync(s => s.SetProperty(x => x.CreatedAt, now.AddDays(-7)));
        }

        var due = await Api.ArticleAsync("Review probe: Teams meeting audio drops on docking stations");
        var fresh = await Api.ArticleAsync("Review probe: printer maps on login (reviewed today)");
        var longAgo = await Api.ArticleAsync("Review probe: fell due before the receiver subscribed");
        var interval = KnowledgeBase.Core.Categories.TicketCategory.DefaultReviewIntervalDays;
        await using (var db = Api.Service<KnowledgeBaseContextFactory>().CreateDbContext())
        {
            // Due two days ago (last reviewed interval + 2 days ago), so stale since yesterday; the other one ten days before the subscription.
            await db.Articles.Where(a => a.Id == due.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.LastReviewedAt, now.AddDays(-interval - 2)));
            await db.Articles.Where(a => a.Id == longAgo.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.LastReviewedAt, now.AddDays(-interval - 17)));
        }

        var announced = await receiver.WaitForAsync(e => Data(e).GetProperty("articleId").GetString() == due.Id, "article.review_due");
        Assert.Equal(WebhookEvents.ArticleReviewDue, announced.GetProperty("type").GetString());
        Assert.Equal(now.AddDays(-2).Date, Data(announced).GetProperty("dueAt").GetDateTime().Date);
        Assert.Equal(interval, Data(announced).GetProperty("reviewIntervalDays").GetInt32());
        Assert.StartsWith("review-", announced.GetProperty("id").GetString());

        // Several scans later (one every 0.2 s here) it is still one event; then the article is reviewed: nothing new.
        await Task.Delay(1500);
        await using (var db = Api.Service<KnowledgeBaseContextFactory>().CreateDbContext())
        {
            await db.Articles.Where(a => a.Id == due.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.LastReviewedAt, DateTime.UtcNow));
        }
        await Task.Delay(1500);
        Assert.Single(receiver.Events.Values, e => Data(e).GetProperty("articleId").GetString() == due.Id);
        Assert.DoesNotContain(receiver.Events.Values, e => Data(e).GetProperty("articleId").GetString() == fresh.Id);
        Assert.DoesNotContain(receiver.Events.Values, e => Data(e).GetProperty("articleId").GetString() == longAgo.Id);
        Assert.Empty(receiver.BadSignatures);
        await using (var db = Api.Service<KnowledgeBaseContextFactory>().CreateDbContext())
        {
            Assert.Equal(1, await db.WebhookDeliveries.CountAsync(d => d.SubscriptionId == subscriptionId && d.EventId == announced.GetProperty("id").GetString()));
        }
    }

    [Fact]
    public async Task A_customer_key_may_not_subscribe_to_the_internal_workflow_and_is_told_which_events_it_may()
    {
        var customer = Api.Client(await Api.KeyAsync(Audience.Customer, ApiScopes.Read, ApiScopes.WebhooksManage));
        var response = await customer.PostAsJsonAsync("/api/v1/webhooks", new { url = "https://psa.example.com/hooks", events = new[] { "article.published", "proposal.created" } });
        await response.AssertProblemAsync(400, ApiProblems.Validation);
        var message = (await response.BodyAsync()).GetProperty("errors").GetProperty("events")[0].GetString()!;
        Assert.Contains("proposal.created", message);
        Assert.Contains("article.published", message);
        Assert.DoesNotContain("article.flagged,", message);
    }
}

public sealed class SqliteWorkflowWebhookTests(WorkflowWebhookTests.Fixture fixture) : WorkflowWebhookTests(fixture), IClassFixture<WorkflowWebhookTests.Fixture>
{
    protected override Task<Dictionary<string, string?>> ProviderSettingsAsync() => Task.FromResult(new Dictionary<string, string?>());
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresWorkflowWebhookTests(PostgresServerFixture postgres, WorkflowWebhookTests.Fixture fixture) : WorkflowWebhookTests(fixture), IClassFixture<WorkflowWebhookTests.Fixture>
{
    protected override Task<Dictionary<string, string?>> ProviderSettingsAsync() => Providers.PostgresAsync(postgres.Server);
}
