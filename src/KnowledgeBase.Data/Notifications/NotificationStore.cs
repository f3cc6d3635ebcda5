using KnowledgeBase.Core.Api;
using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Changes;
using KnowledgeBase.Core.Notifications;
using Microsoft.EntityFrameworkCore;

namespace KnowledgeBase.Data.Notifications;

/// <summary>A person's waiting notifications with what the dispatcher needs to send them.</summary>
public sealed record WaitingNotifications(NotificationRecipient Recipient, NotificationPreference Preference, IReadOnlyList<Notification> Items);

/// <summary>An account as notifications see it; <see cref="Reachable"/> is false for a disabled or customer account.</summary>
public sealed record NotificationRecipient(string UserId, string UserName, string Email, string DisplayName, bool Reachable)
{
    public string Name => string.IsNullOrWhiteSpace(DisplayName) ? Email : DisplayName;
}

/// <summary>The outbox at a glance (the Admin page).</summary>
public sealed record NotificationOutboxCounts(int Pending, int Delivered, int Failed, int Waiting);

/// <summary>
/// The notification outbox (docs/notifications.md): notifications waiting for their person's next message, the
/// messages to send — claimed by one node at a time, retried on the webhook schedule (<see cref="OutboxRetry"/>), their
/// last error kept — and the preferences of each person.
/// </summary>
/// <remarks>
/// The same mechanism as the webhook outbox and the PSA write-back (a row per message, claims with expiry, the shared
/// retry schedule, a lease-held dispatcher woken by <see cref="ChangeSignal"/>). Notifications become messages in one
/// transaction that marks them composed only if nobody did first, so a digest is made once however many nodes try.
/// </remarks>
public sealed class NotificationStore(IDbContextFactory<KnowledgeBaseDbContext> contextFactory, TimeProvider clock)
{
    public async Task<NotificationPreference> PreferenceAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.NotificationPreferences.AsNoTracking().FirstOrDefaultAsync(p => p.UserId == userId, cancellationToken)
               ?? NotificationPreference.Default(userId);
    }

    /// <summary>Saves a person's preferences; the chat webhook must be an absolute http(s) URL (the sender checks where it points).</summary>
    public async Task SavePreferenceAsync(NotificationPreference preference, CancellationToken cancellationToken = default)
    {
        var errors = Validate(preference);
        if (errors.Count > 0) throw new NotificationPreferenceException(errors);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var stored = await db.NotificationPreferences.FirstOrDefaultAsync(p => p.UserId == preference.UserId, cancellationToken);
        if (stored is null)
        {
            stored = new NotificationPreference { UserId = preference.UserId };
            db.NotificationPreferences.Add(stored);
        }
        stored.Frequency = preference.Frequency;
        stored.Email = preference.Email;
        stored.ChatWebhookUrl = string.IsNullOrWhiteSpace(preference.ChatWebhookUrl) ? null : preference.ChatWebhookUrl.Trim();
        stored.ChatFormat = preference.ChatFormat;
        stored.WeeklyQueue = preference.WeeklyQueue;
        stored.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
    }

    public static IReadOnlyDictionary<string, string> Validate(NotificationPreference preference)
    {
        var errors = new Dictionary<string, string>();
        if (!Enum.IsDefined(preference.Frequency)) errors["frequency"] = "Choose how often: immediately, a daily digest, a weekly digest or off.";
        if (!Enum.IsDefined(preference.ChatFormat)) errors["chatFormat"] = "Choose the chat: Microsoft Teams or Slack.";
        var url = preference.ChatWebhookUrl?.Trim();
        if (!string.IsNullOrEmpty(url))
        {
            if (url.Length > NotificationPreference.MaxChatUrlLength)
                errors["chatWebhookUrl"] = $"The webhook URL is at most {NotificationPreference.MaxChatUrlLength:N0} characters.";
            else if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) || uri.UserInfo.Length > 0)
                errors["chatWebhookUrl"] = "Paste the incoming webhook's whole address, starting with https:// (Teams: the workflow's or connector's URL; Slack: https://hooks.slack.com/…).";
        }
        return errors;
    }

    /// <summary>The notifications not yet in a message, by person, with each person's preferences and account.</summary>
    public async Task<IReadOnlyList<WaitingNotifications>> WaitingAsync(int limit = 2000, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var items = await db.Notifications.AsNoTracking().Where(n => n.ComposedAt == null).OrderBy(n => n.Id).Take(limit).ToListAsync(cancellationToken);
        if (items.Count == 0) return [];
        var userIds = items.Select(i => i.UserId).Distinct().ToList();
        var users = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id))
            .Select(u => new { u.Id, u.UserName, u.Email, u.DisplayName, u.DisabledAt, u.Audience }).ToListAsync(cancellationToken);
        var preferences = await db.NotificationPreferences.AsNoTracking().Where(p => userIds.Contains(p.UserId)).ToDictionaryAsync(p => p.UserId, cancellationToken);
        return items.GroupBy(i => i.UserId).Select(g =>
        {
            var user = users.FirstOrDefault(u => u.Id == g.Key);
            var recipient = user is null
                ? new NotificationRecipient(g.Key, "", "", "", false)
                : new NotificationRecipient(user.Id, user.UserName ?? "", user.Email ?? "", user.DisplayName, user.DisabledAt == null && user.Audience == Audience.Internal);
            return new WaitingNotifications(recipient, preferences.GetValueOrDefault(g.Key) ?? NotificationPreference.Default(g.Key), g.ToList());
        }).ToList();
    }

    /// <summary>
    /// Marks <paramref name="itemIds"/> as composed with <paramref name="outcome"/> and queues <paramref name="messages"/>,
    /// in one transaction, only if none of them was composed meanwhile (by another node): false then, and nothing changes.
    /// </summary>
    public async Task<bool> ComposeAsync(IReadOnlyCollection<long> itemIds, IReadOnlyList<NotificationMessage> messages, string outcome, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        outcome = outcome.Length <= 300 ? outcome : outcome[..300];
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var ids = itemIds.ToList();
        var marked = await db.Notifications.Where(n => ids.Contains(n.Id) && n.ComposedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ComposedAt, now).SetProperty(n => n.Outcome, outcome), cancellationToken);
        if (marked != ids.Count)
        {
            await transaction.RollbackAsync(cancellationToken);
            return false;
        }
        db.NotificationMessages.AddRange(messages);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>Adds a generated notification once per <see cref="Notification.DedupeKey"/> (the weekly queue digest); false when it exists.</summary>
    public async Task<bool> AddOnceAsync(Notification notification, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(notification.DedupeKey);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (await db.Notifications.AnyAsync(n => n.DedupeKey == notification.DedupeKey, cancellationToken)) return false;
        db.Notifications.Add(notification);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException ex) when (Tickets.UniqueViolations.Is(ex, "Notifications"))
        {
            return false;
        }
    }

    public async Task<bool> ExistsAsync(string dedupeKey, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Notifications.AnyAsync(n => n.DedupeKey == dedupeKey, cancellationToken);
    }

    /// <summary>The internal, enabled accounts with their preferences (the weekly queue digest asks each).</summary>
    public async Task<IReadOnlyList<(NotificationRecipient Recipient, NotificationPreference Preference)>> ReachableAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var users = await db.Users.AsNoTracking().Where(u => u.DisabledAt == null && u.Audience == Audience.Internal)
            .OrderBy(u => u.UserName).Select(u => new { u.Id, u.UserName, u.Email, u.DisplayName }).ToListAsync(cancellationToken);
        var preferences = await db.NotificationPreferences.AsNoTracking().ToDictionaryAsync(p => p.UserId, cancellationToken);
        return users.Select(u => (new NotificationRecipient(u.Id, u.UserName ?? "", u.Email ?? "", u.DisplayName, true),
            preferences.GetValueOrDefault(u.Id) ?? NotificationPreference.Default(u.Id))).ToList();
    }

    /// <summary>Claims due messages for <paramref name="holder"/> (a conditional update per row, as webhook deliveries are claimed).</summary>
    public async Task<IReadOnlyList<NotificationMessage>> ClaimDueAsync(string holder, int limit, TimeSpan claimFor, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var until = now + claimFor;
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.NotificationMessages.AsNoTracking()
            .Where(m => m.Status == DeliveryStatus.Pending && m.NextAttemptAt <= now && (m.ClaimedUntil == null || m.ClaimedUntil < now))
            .OrderBy(m => m.NextAttemptAt).ThenBy(m => m.Id).Take(limit).ToListAsync(cancellationToken);
        var claimed = new List<NotificationMessage>(rows.Count);
        foreach (var row in rows)
        {
            var id = row.Id;
            var won = await db.NotificationMessages.Where(m => m.Id == id && m.Status == DeliveryStatus.Pending && (m.ClaimedUntil == null || m.ClaimedUntil < now))
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.ClaimedBy, holder).SetProperty(m => m.ClaimedUntil, until), cancellationToken);
            if (won != 1) continue;
            row.ClaimedBy = holder;
            row.ClaimedUntil = until;
            claimed.Add(row);
        }
        return claimed;
    }

    /// <summary>Records an attempt: delivered, retried later, or given up after <see cref="OutboxRetry.MaxAttempts"/>. Only the claim's holder moves the row on.</summary>
    public async Task<bool> RecordAttemptAsync(NotificationMessage message, bool success, int? statusCode, string? error, TimeSpan retryBase, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var attempts = message.Attempts + 1;
        var status = OutboxRetry.StatusAfter(success, attempts);
        error = error is { Length: > 1000 } ? error[..1000] : error;
        var holder = message.ClaimedBy;
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.NotificationMessages.Where(m => m.Id == message.Id && m.ClaimedBy == holder && m.Status == DeliveryStatus.Pending).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.Attempts, attempts).SetProperty(m => m.Status, status)
            .SetProperty(m => m.LastStatusCode, statusCode).SetProperty(m => m.LastError, error)
            .SetProperty(m => m.NextAttemptAt, now + OutboxRetry.Delay(retryBase, attempts))
            .SetProperty(m => m.DeliveredAt, success ? now : null)
            .SetProperty(m => m.ClaimedBy, (string?)null).SetProperty(m => m.ClaimedUntil, (DateTime?)null), cancellationToken) == 1;
    }

    public async Task ReleaseClaimsAsync(string holder, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await db.NotificationMessages.Where(m => m.ClaimedBy == holder && m.Status == DeliveryStatus.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.ClaimedBy, (string?)null).SetProperty(m => m.ClaimedUntil, (DateTime?)null), cancellationToken);
    }

    /// <summary>Sends a failed message again from now (an Admin fixed the relay or the webhook): its attempts start over.</summary>
    public async Task<bool> RetryAsync(long messageId, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.NotificationMessages.Where(m => m.Id == messageId && m.Status == DeliveryStatus.Failed)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, DeliveryStatus.Pending).SetProperty(m => m.Attempts, 0)
                .SetProperty(m => m.NextAttemptAt, now).SetProperty(m => m.ClaimedBy, (string?)null).SetProperty(m => m.ClaimedUntil, (DateTime?)null), cancellationToken) == 1;
    }

    public async Task<NotificationOutboxCounts> CountsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var byStatus = await db.NotificationMessages.AsNoTracking().GroupBy(m => m.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var waiting = await db.Notifications.AsNoTracking().CountAsync(n => n.ComposedAt == null, cancellationToken);
        int Of(DeliveryStatus s) => byStatus.FirstOrDefault(b => b.Key == s)?.Count ?? 0;
        return new NotificationOutboxCounts(Of(DeliveryStatus.Pending), Of(DeliveryStatus.Delivered), Of(DeliveryStatus.Failed), waiting);
    }

    /// <summary>Messages newest first, optionally of one status, before <paramref name="beforeId"/> (paging).</summary>
    public async Task<IReadOnlyList<NotificationMessage>> MessagesAsync(DeliveryStatus? status, int limit, long? beforeId = null, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var query = db.NotificationMessages.AsNoTracking();
        if (status is { } s) query = query.Where(m => m.Status == s);
        if (beforeId is { } before) query = query.Where(m => m.Id < before);
        return await query.OrderByDescending(m => m.Id).Take(Math.Clamp(limit, 1, 500)).ToListAsync(cancellationToken);
    }

    /// <summary>A person's latest notifications (their profile page shows what they were told and how).</summary>
    public async Task<IReadOnlyList<Notification>> RecentOfUserAsync(string userId, int limit, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Notifications.AsNoTracking().Where(n => n.UserId == userId).OrderByDescending(n => n.Id).Take(Math.Clamp(limit, 1, 200)).ToListAsync(cancellationToken);
    }
}
