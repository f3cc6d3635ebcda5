using KnowledgeBase.Core.Api;
using KnowledgeBase.Core.Changes;
using KnowledgeBase.Core.Notifications;
using KnowledgeBase.Core.Reports;
using KnowledgeBase.Data;
using KnowledgeBase.Data.Cluster;
using KnowledgeBase.Data.Notifications;
using KnowledgeBase.Data.Owners;
using KnowledgeBase.Data.Reports;
using KnowledgeBase.Web.Cluster;
using KnowledgeBase.Web.Notifications.Mail;
using KnowledgeBase.Web.Reports;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Web.Notifications;

/// <summary>
/// Sends notifications (docs/notifications.md) on the node holding the <see cref="LeaseNames.Notifications"/> lease,
/// so each is sent once per cluster: turns waiting notifications into messages when their person's preference says
/// (at once, or in a daily or weekly digest), makes the weekly queue digests, then claims due messages, sends each by
/// e-mail or to the chat webhook and records the attempt — delivered, or retried with backoff until it gives up.
/// </summary>
public sealed partial class NotificationDispatcher(NotificationStore store, NotificationComposer composer, SmtpMailSender mail, ChatWebhookSender chat,
    OwnerDirectory owners, StaleDocumentation stale, ChangeSignal signal, IOptionsMonitor<NotificationOptions> options, IOptionsMonitor<SmtpOptions> smtp,
    Api.ApiUrls urls, IOptions<Api.ApiOptions> api, TimeProvider clock, LeaseStore leases, NodeIdentity node, ILogger<NotificationDispatcher> logger)
    : LeasedBackgroundService(leases, node, logger)
{
    private const int Batch = 20;
    private const int QueueLines = 25;
    private DateTime _weeklyQueueScanned = DateTime.MinValue;

    protected override string LeaseName => LeaseNames.Notifications;

    protected override Task RunWhileHeldAsync(CancellationToken leaseToken)
    {
        if (string.IsNullOrWhiteSpace(api.Value.PublicBaseUrl)) LogNoPublicUrl(logger, urls.BaseUrl());
        return DispatchThenReleaseClaimsAsync(() => DispatchAsync(leaseToken), store.ReleaseClaimsAsync, ex => LogFailed(logger, ex));
    }

    private async Task DispatchAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var settings = options.CurrentValue;
            var seen = signal.Generation;
            try
            {
                await ComposeAsync(settings, stoppingToken);
                await WeeklyQueueAsync(settings, stoppingToken);
                var claimFor = TimeSpan.FromSeconds(Math.Max(settings.ClaimSeconds, 2 * Math.Max(smtp.CurrentValue.TimeoutSeconds, settings.ChatTimeoutSeconds) + 5));
                var due = await store.ClaimDueAsync(Node.Id, Batch, claimFor, stoppingToken);
                await DeliverClaimedAsync(due, message => DeliverAsync(message, TimeSpan.FromSeconds(settings.RetryBaseSeconds)), stoppingToken);
                if (due.Count == Batch) continue;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogFailed(logger, ex);
            }
            await signal.WaitAsync(seen, TimeSpan.FromSeconds(settings.PollSeconds), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>Waiting notifications become messages: at once, or when their person's digest falls due; or are set aside saying why.</summary>
    private async Task ComposeAsync(NotificationOptions settings, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var waiting in await store.WaitingAsync(cancellationToken: cancellationToken))
        {
            var (recipient, preference, items) = (waiting.Recipient, waiting.Preference, waiting.Items);
            if (!recipient.Reachable)
            {
                await store.ComposeAsync(Ids(items), [], "not sent: the account is disabled", cancellationToken);
                continue;
            }
            if (preference.Frequency == NotificationFrequency.Off)
            {
                await store.ComposeAsync(Ids(items), [], "not sent: this person turned notifications off", cancellationToken);
                continue;
            }
            var channels = Channels(recipient, preference);
            if (channels.Count == 0)
            {
                await store.ComposeAsync(Ids(items), [], mail.IsConfigured
                    ? "not sent: e-mail is off for this person and no chat webhook is set"
                    : "not sent: this site sends no e-mail (Notifications:Smtp) and no chat webhook is set", cancellationToken);
                continue;
            }
            foreach (var queue in items.Where(i => i.Kind == NotificationKind.WeeklyQueue))
                await store.ComposeAsync([queue.Id], Messages(recipient, channels, [queue], "weekly queue digest", now), "sent", cancellationToken);
            var events = items.Where(i => i.Kind != NotificationKind.WeeklyQueue).ToList();
            if (events.Count == 0) continue;
            if (preference.Frequency == NotificationFrequency.Immediate)
            {
                foreach (var item in events)
                    await store.ComposeAsync([item.Id], Messages(recipient, channels, [item], null, now), "sent at once", cancellationToken);
                continue;
            }
            var dueAt = DigestSchedule.DueAt(preference.Frequency, events.Min(e => e.CreatedAt), settings.DigestHourUtc, settings.WeeklyDigestDay);
            if (now < dueAt) continue;
            var digest = preference.Frequency == NotificationFrequency.DailyDigest ? "daily digest" : "weekly digest";
            await store.ComposeAsync(Ids(events), Messages(recipient, channels, events, digest, now), "sent in the " + digest, cancellationToken);
        }
    }

    /// <summary>
    /// Once a week (the digest day and hour): each person who wants it is told what fell stale or became due for review
    /// in their queue since the week before — the stale rules (<see cref="StaleRules"/>) on their review scope.
    /// </summary>
    private async Task WeeklyQueueAsync(NotificationOptions settings, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var week = DigestSchedule.LastWeekly(now, settings.DigestHourUtc, settings.WeeklyDigestDay);
        // Looked at this week already, and recently: people with nothing new then are looked at again later.
        if (now - _weeklyQueueScanned < TimeSpan.FromSeconds(settings.QueueScanSeconds) && _weeklyQueueScanned >= week) return;
        var from = week.AddDays(-7);
        foreach (var (recipient, preference) in await store.ReachableAsync(cancellationToken))
        {
            if (!preference.WeeklyQueue || preference.Frequency == NotificationFrequency.Off) continue;
            var key = $"queue:{recipient.UserId}:{week:yyyy-MM-dd}";
            if (await store.ExistsAsync(key, cancellationToken)) continue;
            var scope = await owners.ScopeOfUserAsync(recipient.UserName, cancellationToken);
            var fresh = (await stale.EvaluateAsync(scope, cancellationToken))
                .Select(s => (Article: s, New: s.Findings.Where(f => f.Since > from && f.Since <= week).ToList()))
                .Where(x => x.New.Count > 0).ToList();
            if (fresh.Count == 0) continue;
            var lines = fresh.Take(QueueLines).Select(x => $"{x.Article.ArticleId}\t{Clean(x.Article.Title)}\t{string.Join(", ", x.New.Select(f => StaleRuleNames.Display(f.Rule).ToLowerInvariant()))} since {x.New.Min(f => f.Since):yyyy-MM-dd}");
            var detail = string.Join('\n', lines);
            if (detail.Length > Notification.MaxTextLength) detail = detail[..detail.LastIndexOf('\n', Notification.MaxTextLength - 1)];
            var more = fresh.Count > QueueLines ? $" (the first {QueueLines} here, all in your queue)" : "";
            await store.AddOnceAsync(new Notification
            {
                UserId = recipient.UserId, Kind = NotificationKind.WeeklyQueue, CreatedAt = now, DedupeKey = key,
                ArticleTitle = $"{fresh.Count} article{(fresh.Count == 1 ? "" : "s")} in your queue fell stale or became due for review this week{more}",
                Detail = detail,
            }, cancellationToken);
        }
        _weeklyQueueScanned = now;
    }

    /// <summary>One send and its record, let finish when this node stops (<see cref="LeasedBackgroundService.DeliverClaimedAsync"/>).</summary>
    private async Task DeliverAsync(NotificationMessage message, TimeSpan retryBase)
    {
        try
        {
            int status;
            if (message.Channel == NotificationChannel.Email)
            {
                await mail.SendAsync(new OutgoingMail(message.Destination, null, message.Subject, message.Body, message.Html, MessageIdOf(message)), CancellationToken.None);
                status = 250;
            }
            else
            {
                status = await chat.PostAsync(message.Destination, message.Body, CancellationToken.None);
            }
            await store.RecordAttemptAsync(message, success: true, status, null, retryBase, CancellationToken.None);
            LogSent(logger, message.Id, message.Channel, message.Items);
        }
        catch (Exception ex) when (ex is MailDeliveryException or ChatPostException or InvalidOperationException)
        {
            var status = ex is ChatPostException post ? post.StatusCode : null;
            await store.RecordAttemptAsync(message, success: false, status, ex.Message, retryBase, CancellationToken.None);
            LogNotSent(logger, message.Id, message.Channel, message.Attempts + 1, ex.Message);
        }
    }

    /// <summary>The same Message-ID on every attempt, so a message sent twice (an answer lost) is recognisably one.</summary>
    private string MessageIdOf(NotificationMessage message)
    {
        var host = Uri.TryCreate(urls.BaseUrl(), UriKind.Absolute, out var uri) ? uri.Host : "knowledgebase.local";
        return $"notification-{message.Id}@{host}";
    }

    private sealed record Channel(NotificationChannel Kind, string Destination, ChatFormat? Format);

    private List<Channel> Channels(NotificationRecipient recipient, NotificationPreference preference)
    {
        var channels = new List<Channel>();
        if (preference.Email && mail.IsConfigured && recipient.Email.Contains('@', StringComparison.Ordinal))
            channels.Add(new Channel(NotificationChannel.Email, recipient.Email, null));
        if (!string.IsNullOrWhiteSpace(preference.ChatWebhookUrl))
            channels.Add(new Channel(NotificationChannel.Chat, preference.ChatWebhookUrl, preference.ChatFormat));
        return channels;
    }

    private List<NotificationMessage> Messages(NotificationRecipient recipient, List<Channel> channels, IReadOnlyList<Notification> items, string? digest, DateTime now)
    {
        var messages = new List<NotificationMessage>();
        foreach (var channel in channels)
        {
            if (channel.Kind == NotificationChannel.Email)
            {
                var composed = composer.Email(recipient, items, digest);
                messages.Add(New(recipient, channel, composed.Subject, composed.Text, composed.Html, items.Count, now));
            }
            else
            {
                messages.Add(New(recipient, channel, NotificationComposer.SubjectOf(items, digest), composer.Chat(channel.Format!.Value, items, digest), null, items.Count, now));
            }
        }
        return messages;
    }

    private static NotificationMessage New(NotificationRecipient recipient, Channel channel, string subject, string body, string? html, int items, DateTime now) => new()
    {
        UserId = recipient.UserId, Channel = channel.Kind, Destination = channel.Destination, ChatFormat = channel.Format, Subject = subject, Body = body, Html = html,
        Items = items, CreatedAt = now, Status = DeliveryStatus.Pending, NextAttemptAt = now,
    };

    private static List<long> Ids(IEnumerable<Notification> items) => items.Select(i => i.Id).ToList();

    private static string Clean(string text) => text.Replace('\t', ' ').Replace('\n', ' ').Replace('\r', ' ');

    [LoggerMessage(Level = LogLevel.Information, Message = "Notification message {MessageId} sent by {Channel} ({Items} notifications)")]
    private static partial void LogSent(ILogger logger, long messageId, NotificationChannel channel, int items);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notification message {MessageId} not sent by {Channel} (attempt {Attempt}): {Error}")]
    private static partial void LogNotSent(ILogger logger, long messageId, NotificationChannel channel, int attempt, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notifications link to {BaseUrl}, the server's own address: set Api:PublicBaseUrl to the address people open the site at")]
    private static partial void LogNoPublicUrl(ILogger logger, string baseUrl);

    [LoggerMessage(Level = LogLevel.Error, Message = "Notification round failed; retrying")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
