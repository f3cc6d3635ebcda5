using System.Net;
using System.Text.Json;
using KnowledgeBase.Core.Api;
using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Lifecycle;
using KnowledgeBase.Core.Notifications;
using KnowledgeBase.Data;
using KnowledgeBase.Data.Articles;
using KnowledgeBase.Data.Cluster;
using KnowledgeBase.Data.Identity;
using KnowledgeBase.Data.Notifications;
using KnowledgeBase.Data.Tickets;
using KnowledgeBase.Testing;
using KnowledgeBase.Web.Cluster;
using Microsoft.EntityFrameworkCore;

namespace KnowledgeBase.Web.Tests.Notifications;

/// <summary>
/// Notifications end to end (issue #16.3): the event writes them, the leased dispatcher sends them through a real SMTP
/// server and a chat receiver on loopback, and what arrives is parsed — recipient, subject, a link that opens the page.
/// Every test runs on SQLite and on PostgreSQL.
/// </summary>
public abstract class NotificationDeliveryTests
{
    /// <summary>The database settings of a fresh database (SQLite: none, the site makes its own file).</summary>
    protected abstract Task<Dictionary<string, string?>> DatabaseAsync();

    /// <summary>A fresh migrated database two sites (or a test and a site) can share.</summary>
    protected abstract Task<(Dictionary<string, string?> Settings, TestDatabase Database)> SharedDatabaseAsync();

    [Fact]
    public async Task A_flag_on_a_team_owned_article_is_mailed_to_each_enabled_member_but_the_flagger_and_its_link_opens_the_flag()
    {
        await using var kb = await NotificationSite.StartAsync(await DatabaseAsync());
        await kb.UserAsync("ana@test.local", KcsRole.Contributor);
        await kb.UserAsync("ben@test.local", KcsRole.Publisher);
        await kb.UserAsync("dora@test.local", KcsRole.Contributor);
        await kb.UserAsync("flagger@test.local", KcsRole.Candidate);
        await kb.TeamAsync("Printing team", "ana@test.local", "ben@test.local", "dora@test.local", "flagger@test.local");
        await kb.DisableAsync("dora@test.local");
        var article = await kb.ArticleAsync("Printer shows paper jam — HP LaserJet", "Printing team");

        await kb.FlagAsync("flagger@test.local", KcsRole.Candidate, article.Id, "Tray 2 was removed in the 2025 model");

        var ana = await kb.Smtp.WaitForAsync(m => m.To == "ana@test.local", "to ana");
        await kb.Smtp.WaitForAsync(m => m.To == "ben@test.local", "to ben");
        Assert.Equal("[Knowledge base] flagger@test.local flagged “Printer shows paper jam — HP LaserJet”", ana.Subject);
        Assert.Contains("Flag: Outdated: Tray 2 was removed in the 2025 model", ana.Text);
        var path = kb.LinkPath(ana, "Open the article and its flag");
        Assert.Equal($"/articles/{article.Id}#flag-heading", path);
        var page = await (await kb.SignInAsync("ana@test.local")).GetStringAsync(path);
        Assert.Contains("Printer shows paper jam", page);
        Assert.Contains("Tray 2 was removed in the 2025 model", page);

        // Nothing for the flagger (their own action) nor the disabled member, however long one waits for the dispatcher.
        await NotificationSite.EventuallyAsync(async () => (await kb.MessagesAsync()).All(m => m.Status == DeliveryStatus.Delivered), "all delivered");
        Assert.Equal(["ana@test.local", "ben@test.local"], kb.Smtp.Messages.Select(m => m.To).Order());
        var dora = await kb.IdOfAsync("dora@test.local");
        Assert.DoesNotContain(await kb.NotificationsAsync(), n => n.UserId == dora);
    }

    [Fact]
    public async Task A_proposal_is_announced_to_the_owner_who_may_decide_and_its_acceptance_and_rejection_to_its_author()
    {
        await using var kb = await NotificationSite.StartAsync(await DatabaseAsync());
        await kb.UserAsync("owner@test.local", KcsRole.Contributor);
        await kb.UserAsync("cand@test.local", KcsRole.Candidate);
        var article = await kb.ArticleAsync("VPN drops every 10 minutes — FortiClient", "owner@test.local");
        var store = kb.Service<ArticleStore>();
        var candidate = new Actor("cand@test.local", KcsRole.Candidate);
        var owner = new Actor("owner@test.local", KcsRole.Contributor);

        var first = await store.UpdateAsync(candidate, article.Id, article.Version, Edit(article, "Set the keep-alive to 30 s."));
        Assert.True(first.Proposal is not null, first.Message);
        var waiting = await kb.Smtp.WaitForAsync(m => m.To == "owner@test.local", "proposal to the owner");
        Assert.Equal("[Knowledge base] cand@test.local proposed a change to “VPN drops every 10 minutes — FortiClient”", waiting.Subject);
        var reviewPath = kb.LinkPath(waiting, "Review the proposal");
        Assert.Equal($"/articles/{article.Id}?proposal={first.Proposal!.Id}#proposal-{first.Proposal.Id}", reviewPath);
        var ownerPage = await (await kb.SignInAsync("owner@test.local")).GetStringAsync(reviewPath);
        Assert.Contains($"id=\"proposal-{first.Proposal.Id}\"", ownerPage);

        await store.AcceptProposalAsync(owner, first.Proposal.Id, article.Version);
        var accepted = await kb.Smtp.WaitForAsync(m => m.To == "cand@test.local" && m.Subject.Contains("accepted"), "acceptance to the author");
        Assert.Equal("[Knowledge base] owner@test.local accepted your proposed change to “VPN drops every 10 minutes — FortiClient”", accepted.Subject);
        Assert.Equal($"/articles/{article.Id}", kb.LinkPath(accepted, "Open the article"));

        var current = (await store.FindAsync(article.Id))!;
        var second = await store.UpdateAsync(candidate, article.Id, current.Version, Edit(current, "Reinstall the client."));
        Assert.True(second.Proposal is not null, second.Message);
        await store.RejectProposalAsync(owner, second.Proposal!.Id, "Reinstalling hides the cause; keep the keep-alive fix.");
        var rejected = await kb.Smtp.WaitForAsync(m => m.To == "cand@test.local" && m.Subject.Contains("rejected"), "rejection to the author");
        Assert.Contains("Reason: Reinstalling hides the cause; keep the keep-alive fix.", rejected.Text);
        var rejectedPath = kb.LinkPath(rejected, "See your proposals");
        var authorPage = await (await kb.SignInAsync("cand@test.local")).GetStringAsync(rejectedPath);
        Assert.Contains("Reinstalling hides the cause", authorPage);
        // The decider is told of each proposal waiting, never of their own decisions.
        await NotificationSite.EventuallyAsync(async () => (await kb.MessagesAsync()).All(m => m.Status == DeliveryStatus.Delivered), "all delivered");
        Assert.Equal(2, kb.Smtp.Messages.Count(m => m.To == "owner@test.local"));
        Assert.All(kb.Smtp.Messages.Where(m => m.To == "owner@test.local"), m => Assert.Contains("proposed a change", m.Subject));
    }

    [Fact]
    public async Task A_resolved_flag_is_told_to_whoever_raised_it_with_the_resolution()
    {
        await using var kb = await NotificationSite.StartAsync(await DatabaseAsync());
        await kb.UserAsync("kde@test.local", KcsRole.KnowledgeDomainExpert);
        await kb.UserAsync("tech@test.local", KcsRole.Contributor);
        var article = await kb.ArticleAsync("Teams camera black — Windows 11", "kde@test.local");
        var flag = await kb.FlagAsync("tech@test.local", KcsRole.Contributor, article.Id, "Step 3 names the old settings page");
        await kb.Smtp.WaitForAsync(m => m.To == "kde@test.local", "flag to the owner");

        await kb.Service<ReuseLedger>().ResolveFlagAsync(new Actor("kde@test.local", KcsRole.KnowledgeDomainExpert), flag.Id, "Step 3 now names Privacy & security › Camera.");

        var resolved = await kb.Smtp.WaitForAsync(m => m.To == "tech@test.local", "resolution to the flagger");
        Assert.Equal("[Knowledge base] kde@test.local resolved your flag on “Teams camera black — Windows 11”", resolved.Subject);
        Assert.Contains("Resolution: Step 3 now names Privacy & security › Camera.", resolved.Text);
        Assert.Contains("Resolution: Step 3 now names Privacy &amp; security › Camera.", resolved.Html);
        Assert.Equal($"/articles/{article.Id}", kb.LinkPath(resolved, "Open the article"));
    }

    [Fact]
    public async Task Chat_webhooks_receive_a_Teams_adaptive_card_and_a_Slack_message_with_the_link()
    {
        await using var kb = await NotificationSite.StartAsync(await DatabaseAsync());
        var teamsUser = await kb.UserAsync("teams@test.local", KcsRole.Contributor);
        var slackUser = await kb.UserAsync("slack@test.local", KcsRole.Contributor);
        await kb.UserAsync("tech@test.local", KcsRole.Candidate);
        await kb.TeamAsync("Identity", "teams@test.local", "slack@test.local");
        await kb.SetPreferenceAsync(teamsUser, email: false, chatUrl: kb.Chat.ChatUrl("teams-channel"), chat: ChatFormat.Teams);
        await kb.SetPreferenceAsync(slackUser, email: false, chatUrl: kb.Chat.ChatUrl("slack-channel"), chat: ChatFormat.Slack);
        var article = await kb.ArticleAsync("MFA prompt loops <Authenticator> & [Outlook]", "Identity");

        await kb.FlagAsync("tech@test.local", KcsRole.Candidate, article.Id, "Number matching is on now");

        var articleUrl = new Uri(kb.Site.ServerAddress, $"/articles/{article.Id}#flag-heading").ToString();
        var teams = await kb.Chat.WaitForChatAsync("teams-channel");
        Assert.Equal("message", teams.GetProperty("type").GetString());
        var attachment = teams.GetProperty("attachments")[0];
        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment.GetProperty("contentType").GetString());
        var card = attachment.GetProperty("content");
        Assert.Equal("AdaptiveCard", card.GetProperty("type").GetString());
        Assert.Contains("tech@test.local flagged “MFA prompt loops <Authenticator> & [Outlook]”", card.GetProperty("body")[0].GetProperty("text").GetString());
        var action = card.GetProperty("actions")[0];
        Assert.Equal("Action.OpenUrl", action.GetProperty("type").GetString());
        Assert.Equal(articleUrl, action.GetProperty("url").GetString());

        var slack = await kb.Chat.WaitForChatAsync("slack-channel");
        Assert.Equal("tech@test.local flagged “MFA prompt loops <Authenticator> & [Outlook]”", slack.GetProperty("text").GetString());
        var blocks = slack.GetProperty("blocks");
        Assert.Equal("section", blocks[0].GetProperty("type").GetString());
        Assert.Equal("mrkdwn", blocks[1].GetProperty("text").GetProperty("type").GetString());
        var link = blocks[1].GetProperty("text").GetProperty("text").GetString()!;
        Assert.StartsWith($"<{articleUrl}|Open the article and its flag>", link);
        Assert.Contains("*tech@test.local flagged “MFA prompt loops &lt;Authenticator&gt; &amp; [Outlook]”*", blocks[0].GetProperty("text").GetProperty("text").GetString());
        // E-mail was turned off by both: chat only.
        await NotificationSite.EventuallyAsync(async () => (await kb.MessagesAsync()).All(m => m.Status == DeliveryStatus.Delivered), "all delivered");
        Assert.Empty(kb.Smtp.Messages);
        Assert.Equal(2, kb.Chat.ChatPosts.Count);
    }

    [Fact]
    public async Task A_relay_that_is_down_gets_the_message_once_it_is_back_exactly_once_and_the_outbox_shows_the_error_meanwhile()
    {
        await using var kb = await NotificationSite.StartAsync(await DatabaseAsync(), smtpUp: false);
        await kb.UserAsync("owner@test.local", KcsRole.Contributor);
        var article = await kb.ArticleAsync("Scanner to e-mail fails — Ricoh", "owner@test.local");

        await kb.FlagAsync("admin@test.local", KcsRole.Admin, article.Id, "SMTP relay changed");

        await NotificationSite.EventuallyAsync(async () => (await kb.MessagesAsync()) is [{ Attempts: >= 2, LastError: { } e }] && e.Contains("cannot connect"), "two failed attempts recorded");
        var admin = await kb.Site.SignedInClientAsync(KcsRole.Admin);
        var outbox = await admin.GetStringAsync("/admin/notifications?status=pending");
        Assert.Contains("cannot connect", outbox);

        await kb.Smtp.StartAsync();
        await kb.Smtp.WaitForAsync(m => m.To == "owner@test.local", "after the relay came back");
        await NotificationSite.EventuallyAsync(async () => (await kb.MessagesAsync()) is [{ Status: DeliveryStatus.Delivered }], "recorded as delivered");
        // Rounds keep running: nothing is sent twice.
        await Task.Delay(1500);
        Assert.Single(kb.Smtp.Messages);
        var message = Assert.Single(await kb.MessagesAsync());
        Assert.True(message.Attempts >= 3);
        Assert.Null(message.ClaimedBy);
    }

    [Fact]
    public async Task A_daily_digest_groups_what_waited_into_one_message_once_its_hour_has_passed()
    {
        await using var kb = await NotificationSite.StartAsync(await DatabaseAsync());
        var ownerId = await kb.UserAsync("owner@test.local", KcsRole.Contributor);
        await kb.SetPreferenceAsync(ownerId, NotificationFrequency.DailyDigest);
        var one = await kb.ArticleAsync("Outlook search misses new mail — Microsoft 365", "owner@test.local");
        var two = await kb.ArticleAsync("OneDrive sync paused — Windows 11", "owner@test.local");
        await kb.FlagAsync("admin@test.local", KcsRole.Admin, one.Id, "Index rebuild step missing");
        await kb.FlagAsync("admin@test.local", KcsRole.Admin, two.Id, "Screenshot outdated");
        await Task.Delay(1000);
        Assert.Empty(kb.Smtp.Messages);
        Assert.All(await kb.NotificationsAsync(), n => Assert.Null(n.ComposedAt));

        // The day turns: both waited since yesterday, so today's digest hour has passed.
        await using (var db = await kb.Service<IDbContextFactory<KnowledgeBaseDbContext>>().CreateDbContextAsync())
            await db.Notifications.ExecuteUpdateAsync(s => s.SetProperty(n => n.CreatedAt, DateTime.UtcNow.AddDays(-2)));

        var digest = await kb.Smtp.WaitForAsync(m => m.To == "owner@test.local", "the digest");
        Assert.Equal("[Knowledge base] Your daily digest: 2 updates", digest.Subject);
        Assert.Contains("Index rebuild step missing", digest.Text);
        Assert.Contains("Screenshot outdated", digest.Text);
        Assert.Equal($"/articles/{one.Id}#flag-heading", kb.LinkPath(digest, "Open the article and its flag"));
        await Task.Delay(1000);
        Assert.Single(kb.Smtp.Messages);
        Assert.All(await kb.NotificationsAsync(), n => Assert.Equal("sent in the daily digest", n.Outcome));
    }

    [Fact]
    public async Task The_weekly_queue_digest_lists_what_fell_due_for_review_this_week_in_my_queue_and_not_older_ones()
    {
        var today = DateTime.UtcNow.DayOfWeek.ToString();
        await using var kb = await NotificationSite.StartAsync(await DatabaseAsync(), new Dictionary<string, string?>
        {
            ["Notifications:WeeklyDigestDay"] = today, ["Notifications:DigestHourUtc"] = "0", ["Notifications:QueueScanSeconds"] = "0.5",
        });
        await kb.UserAsync("owner@test.local", KcsRole.Contributor);
        var fresh = await kb.ArticleAsync("Printer offline after driver update — Canon", "owner@test.local");
        var old = await kb.ArticleAsync("Mapped drive missing at logon — GPO", "owner@test.local");
        await using (var db = await kb.Service<IDbContextFactory<KnowledgeBaseDbContext>>().CreateDbContextAsync())
        {
            // Review due = last reviewed + the interval (180 days without a category): due 3 days ago, and 40 days ago.
            await db.Articles.Where(a => a.Id == fresh.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.LastReviewedAt, DateTime.UtcNow.Date.AddDays(-183)).SetProperty(a => a.CreatedAt, DateTime.UtcNow.AddDays(-400)));
            await db.Articles.Where(a => a.Id == old.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.LastReviewedAt, DateTime.UtcNow.Date.AddDays(-220)).SetProperty(a => a.CreatedAt, DateTime.UtcNow.AddDays(-400)));
        }

        var digest = await kb.Smtp.WaitForAsync(m => m.To == "owner@test.local", "the weekly queue digest");
        Assert.StartsWith("[Knowledge base] 1 article in your queue fell stale or became due for review this week", digest.Subject);
        Assert.Contains("Printer offline after driver update", digest.Text);
        Assert.DoesNotContain("Mapped drive missing", digest.Text);
        Assert.Contains(new Uri(kb.Site.ServerAddress, $"/articles/{fresh.Id}").ToString(), digest.Text);
        Assert.Equal("/review", kb.LinkPath(digest, "Open your review queue"));
        await Task.Delay(1500);
        Assert.Single(kb.Smtp.Messages);
    }

    [Fact]
    public async Task Two_nodes_on_one_database_deliver_each_notification_exactly_once()
    {
        var (settings, database) = await SharedDatabaseAsync();
        await using var _ = database;
        var smtp = new SmtpReceiver();
        await using var one = await NotificationSite.StartAsync(new Dictionary<string, string?>(settings) { ["Node:Id"] = "node-one" }, smtp: smtp);
        await using var two = await NotificationSite.StartAsync(new Dictionary<string, string?>(settings) { ["Node:Id"] = "node-two" }, smtp: smtp, smtpUp: false);
        await one.UserAsync("owner@test.local", KcsRole.Contributor);
        var article = await one.ArticleAsync("Wi-Fi drops in meeting rooms — Meraki", "owner@test.local");

        for (var i = 0; i < 6; i++)
        {
            await one.FlagAsync("admin@test.local", KcsRole.Admin, article.Id, $"from node one #{i}");
            await two.FlagAsync("admin@test.local", KcsRole.Admin, article.Id, $"from node two #{i}");
        }
        // The lease holder stops half-way (as in a rolling restart); the other node carries on.
        await NotificationSite.EventuallyAsync(() => Task.FromResult(smtp.Messages.Count >= 3), "some delivered");
        await one.Site.DisposeAsync();
        for (var i = 6; i < 10; i++) await two.FlagAsync("admin@test.local", KcsRole.Admin, article.Id, $"from node two #{i}");

        await NotificationSite.EventuallyAsync(() => Task.FromResult(smtp.Messages.Count >= 16), "16 delivered", 60);
        await NotificationSite.EventuallyAsync(async () => (await two.MessagesAsync()).All(m => m.Status == DeliveryStatus.Delivered), "all recorded delivered");
        await Task.Delay(1500);
        Assert.Equal(16, smtp.Messages.Count);
        Assert.Equal(16, smtp.Messages.Select(m => m.Message.MessageId).Distinct().Count());
        Assert.Equal(16, smtp.Messages.Select(m => m.Text).Distinct().Count());
    }

    [Fact]
    public async Task A_node_stopped_while_the_relay_is_answering_its_send_lets_the_send_finish_and_the_message_arrives_once()
    {
        var (settings, database) = await SharedDatabaseAsync();
        await using var _ = database;
        var smtp = new SmtpReceiver();
        var received = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // The relay has the message and is slow to say "250": it answers once the sending node has stopped, or after 2 s
        // (inside the sender's 5 s timeout).
        smtp.BeforeAnswer = async _ =>
        {
            if (!received.TrySetResult()) return;
            await Task.WhenAny(stopped.Task, Task.Delay(TimeSpan.FromSeconds(2)));
        };
        await using var one = await NotificationSite.StartAsync(new Dictionary<string, string?>(settings) { ["Node:Id"] = "node-one" }, smtp: smtp);
        await one.UserAsync("owner@test.local", KcsRole.Contributor);
        var article = await one.ArticleAsync("Outlook asks for the password again and again", "owner@test.local");
        await one.FlagAsync("admin@test.local", KcsRole.Admin, article.Id, "The modern authentication key moved");
        await received.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await using var two = await NotificationSite.StartAsync(new Dictionary<string, string?>(settings) { ["Node:Id"] = "node-two" }, smtp: smtp, smtpUp: false);

        // A rolling restart stops the sending node while the relay is answering.
        await one.Site.DisposeAsync();
        stopped.TrySetResult();

        await NotificationSite.EventuallyAsync(async () => (await two.MessagesAsync()) is [{ Status: DeliveryStatus.Delivered }], "recorded as delivered");
        // Long enough for the other node to take the lease and claim anything released.
        await Task.Delay(TimeSpan.FromSeconds(4));
        var mail = Assert.Single(smtp.Messages);
        Assert.Equal("owner@test.local", mail.To);
        var message = Assert.Single(await two.MessagesAsync());
        Assert.Equal(DeliveryStatus.Delivered, message.Status);
        Assert.Equal(1, message.Attempts);
    }

    [Fact]
    public async Task A_message_claimed_by_a_node_that_died_mid_delivery_is_sent_by_another_node_once_its_lease_and_claim_expire()
    {
        var (settings, database) = await SharedDatabaseAsync();
        await using var _ = database;
        // The dead node: it held the dispatcher's lease, claimed a message to send it, and was killed before recording anything.
        var clock = TimeProvider.System;
        var store = new NotificationStore(database.Factory, clock);
        string userId;
        await using (var db = await database.Factory.CreateDbContextAsync())
        {
            var user = new KbUser { UserName = "owner@test.local", NormalizedUserName = "OWNER@TEST.LOCAL", Email = "owner@test.local", NormalizedEmail = "OWNER@TEST.LOCAL",
                Role = KcsRole.Contributor, SecurityStamp = Guid.NewGuid().ToString(), CreatedAt = DateTime.UtcNow };
            db.Users.Add(user);
            var now = DateTime.UtcNow;
            db.NotificationMessages.Add(new NotificationMessage
            {
                UserId = user.Id, Channel = NotificationChannel.Email, Destination = "owner@test.local", Subject = "[Knowledge base] sent by the survivor",
                Body = "Hello", Html = "<p>Hello</p>", Items = 1, CreatedAt = now, Status = DeliveryStatus.Pending, NextAttemptAt = now,
            });
            await db.SaveChangesAsync();
            userId = user.Id;
        }
        Assert.True(await new LeaseStore(database.Factory, clock).TryAcquireAsync(LeaseNames.Notifications, "dead-node", TimeSpan.FromSeconds(3)));
        var claimed = Assert.Single(await store.ClaimDueAsync("dead-node", 10, TimeSpan.FromSeconds(5)));

        await using var survivor = await NotificationSite.StartAsync(new Dictionary<string, string?>(settings) { ["Node:Id"] = "survivor" });

        var mail = await survivor.Smtp.WaitForAsync(m => m.To == "owner@test.local", "from the surviving node", 40);
        Assert.Equal("[Knowledge base] sent by the survivor", mail.Subject);
        await NotificationSite.EventuallyAsync(async () => (await survivor.MessagesAsync()) is [{ Status: DeliveryStatus.Delivered }], "recorded as delivered");
        // The dead node's late record (had it woken up) changes nothing: the claim is no longer its own.
        Assert.False(await store.RecordAttemptAsync(claimed, success: false, null, "late", TimeSpan.FromSeconds(1)));
        await Task.Delay(1000);
        Assert.Single(survivor.Smtp.Messages);
        var message = Assert.Single(await survivor.MessagesAsync());
        Assert.Equal(DeliveryStatus.Delivered, message.Status);
        Assert.Equal(1, message.Attempts);
        Assert.Equal(userId, message.UserId);
    }

    [Fact]
    public async Task A_person_saves_their_preferences_on_the_profile_page_and_an_Admin_sends_a_failed_message_again_from_the_outbox()
    {
        await using var kb = await NotificationSite.StartAsync(await DatabaseAsync());
        var userId = await kb.UserAsync("tech@test.local", KcsRole.Contributor);
        var person = await kb.SignInAsync("tech@test.local");
        Assert.Contains("href=\"account/notifications\"", await person.GetStringAsync("/"));

        var refused = await KnowledgeBaseSite.PostFormAsync(person, "/account/notifications", "notification-preferences", new()
        {
            ["Input.Frequency"] = "DailyDigest", ["Input.Email"] = "true", ["Input.ChatFormat"] = "Slack", ["Input.ChatWebhookUrl"] = "hooks.slack.com/services/T0/B0/x",
        });
        var refusedPage = await refused.Content.ReadAsStringAsync();
        Assert.Contains("id=\"chat-url-error\"", refusedPage);
        Assert.Contains("starting with https://", refusedPage);
        Assert.Equal(NotificationFrequency.Immediate, (await kb.Service<NotificationStore>().PreferenceAsync(userId)).Frequency);

        var saved = await KnowledgeBaseSite.PostFormAsync(person, "/account/notifications", "notification-preferences", new()
        {
            ["Input.Frequency"] = "DailyDigest", ["Input.ChatFormat"] = "Slack", ["Input.ChatWebhookUrl"] = "https://hooks.slack.com/services/T0/B0/x", ["Input.WeeklyQueue"] = "true",
        });
        Assert.Contains("Saved.", await saved.Content.ReadAsStringAsync());
        var preference = await kb.Service<NotificationStore>().PreferenceAsync(userId);
        Assert.Equal((NotificationFrequency.DailyDigest, false, ChatFormat.Slack, "https://hooks.slack.com/services/T0/B0/x", true),
            (preference.Frequency, preference.Email, preference.ChatFormat, preference.ChatWebhookUrl, preference.WeeklyQueue));

        long failedId;
        await using (var db = await kb.Service<IDbContextFactory<KnowledgeBaseDbContext>>().CreateDbContextAsync())
        {
            var message = new NotificationMessage
            {
                UserId = userId, Channel = NotificationChannel.Email, Destination = "tech@test.local", Subject = "[Knowledge base] gave up once", Body = "Hello",
                Items = 1, CreatedAt = DateTime.UtcNow, Status = DeliveryStatus.Failed, Attempts = OutboxRetry.MaxAttempts, NextAttemptAt = DateTime.UtcNow,
                LastError = "SMTP 127.0.0.1:25 (None): cannot connect (ConnectionRefused)",
            };
            db.NotificationMessages.Add(message);
            await db.SaveChangesAsync();
            failedId = message.Id;
        }
        var admin = await kb.Site.SignedInClientAsync(KcsRole.Admin);
        var outbox = await admin.GetStringAsync("/admin/notifications?status=failed");
        Assert.Contains("gave up once", outbox);
        Assert.Contains("cannot connect (ConnectionRefused)", outbox);
        Assert.Contains("href=\"admin/notifications\"", await admin.GetStringAsync("/"));

        var retried = await KnowledgeBaseSite.PostFormAsync(admin, "/admin/notifications/retry", null, new() { ["id"] = failedId.ToString(System.Globalization.CultureInfo.InvariantCulture) }, "/admin/notifications?status=failed");
        Assert.Equal(HttpStatusCode.Redirect, retried.StatusCode);
        await kb.Smtp.WaitForAsync(m => m.Subject == "[Knowledge base] gave up once", "the message sent again");
        await NotificationSite.EventuallyAsync(async () => (await kb.MessagesAsync()).Single(m => m.Id == failedId).Status == DeliveryStatus.Delivered, "recorded delivered");
        Assert.Contains("No message has failed.", await admin.GetStringAsync("/admin/notifications?status=failed"));
    }

    private static ArticleEdit Edit(Article article, string resolution) => new()
    {
        Title = article.Title, Body = article.Body + "\n" + resolution + "\n", State = article.State, Audience = article.Audience,
        Owner = article.Owner, Categories = article.CategoryIds.ToList(), Tags = article.TagNames.ToList(),
    };
}

public sealed class SqliteNotificationDeliveryTests : NotificationDeliveryTests
{
    protected override Task<Dictionary<string, string?>> DatabaseAsync() => Task.FromResult(new Dictionary<string, string?>());

    protected override async Task<(Dictionary<string, string?> Settings, TestDatabase Database)> SharedDatabaseAsync()
    {
        var database = await TestDatabase.CreateSqliteAsync();
        return (new Dictionary<string, string?> { ["ConnectionStrings:KnowledgeBase"] = database.ConnectionString }, database);
    }
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresNotificationDeliveryTests(PostgresServerFixture postgres) : NotificationDeliveryTests
{
    protected override async Task<Dictionary<string, string?>> DatabaseAsync() => new()
    {
        ["Database:Provider"] = "PostgreSql", ["ConnectionStrings:KnowledgeBase"] = await postgres.Server.CreateDatabaseAsync("kbnotify"),
    };

    protected override async Task<(Dictionary<string, string?> Settings, TestDatabase Database)> SharedDatabaseAsync()
    {
        var database = await TestDatabase.CreatePostgresAsync(postgres.Server);
        return (new Dictionary<string, string?> { ["Database:Provider"] = "PostgreSql", ["ConnectionStrings:KnowledgeBase"] = database.ConnectionString }, database);
    }
}
