using System.Security.Cryptography;
using KnowledgeBase.Core.Api;
using KnowledgeBase.Core.Articles;
using Microsoft.EntityFrameworkCore;

namespace KnowledgeBase.Data.Api;

/// <summary>A due delivery with what is needed to send it; <paramref name="Secret"/> is null when it cannot be decrypted (<paramref name="SecretError"/> says why).</summary>
public sealed record DueDelivery(WebhookDelivery Delivery, string Url, string? Secret, string? SecretError = null);

/// <summary>Webhook subscriptions, their durable outbox (<see cref="WebhookDelivery"/>) and delivery log (<see cref="WebhookAttempt"/>).</summary>
public sealed partial class WebhookStore(IDbContextFactory<KnowledgeBaseDbContext> contextFactory, TimeProvider clock, WebhookSecretProtector secrets, WebhookTargetPolicy targets)
{
    public const int MaxAttempts = OutboxRetry.MaxAttempts;

    public async Task<(WebhookSubscription Subscription, string Secret)> CreateAsync(string? url, IReadOnlyList<string>? events, Core.Access.Reader reader, long? ownerKeyId, string createdBy, CancellationToken cancellationToken = default)
    {
        var audience = reader.Audience;
        var errors = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(url)) errors["url"] = "The url is required.";
        else if (url.Length > WebhookSubscription.MaxUrlLength) errors["url"] = $"The url must be at most {WebhookSubscription.MaxUrlLength} characters.";
        else if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || !string.IsNullOrEmpty(uri.UserInfo))
            errors["url"] = "The url must be an absolute http or https URL without credentials.";
        var wanted = (events ?? []).Select(e => e?.Trim().ToLowerInvariant() ?? "").Distinct().ToList();
        if (wanted.Count == 0) errors["events"] = "At least one event: " + string.Join(", ", WebhookEvents.All) + ".";
        else if (wanted.FirstOrDefault(e => !WebhookEvents.All.Contains(e)) is { } unknown) errors["events"] = $"Unknown event '{unknown}'; known: {string.Join(", ", WebhookEvents.All)}.";
        else if (audience != Audience.Internal && wanted.FirstOrDefault(WebhookEvents.Workflow.Contains) is { } workflow)
            errors["events"] = $"'{workflow}' is the service desk's internal workflow: a customer-audience key may subscribe to {string.Join(", ", WebhookEvents.All.Where(e => !WebhookEvents.Workflow.Contains(e)))}.";
        // Not the site's own networks or a metadata endpoint (WebhookTargetPolicy); delivery checks again as it connects.
        if (!errors.ContainsKey("url") && await targets.CheckUrlAsync(url!.Trim(), cancellationToken) is { } refusal) errors["url"] = refusal;
        if (errors.Count > 0) throw new ApiValidationException(errors);

        var secret = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));
        var subscription = new WebhookSubscription
        {
            Url = url!.Trim(), Events = string.Join(',', wanted), Secret = secrets.Protect(secret), Audience = audience, Client = reader.Client, OwnerKeyId = ownerKeyId,
            CreatedBy = createdBy, CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (ownerKeyId is { } owner && await db.WebhookSubscriptions.CountAsync(s => s.OwnerKeyId == owner && s.DeletedAt == null, cancellationToken) >= WebhookSubscription.MaxPerKey)
            throw new ApiLimitException($"This key already has {WebhookSubscription.MaxPerKey} webhook subscriptions, the most a key may hold: delete one it no longer needs first.");
        db.WebhookSubscriptions.Add(subscription);
        await db.SaveChangesAsync(cancellationToken);
        return (subscription, secret);
    }

    /// <summary>
    /// Sets the client a customer webhook made on the admin page hears for (null: none, global articles only), same
    /// secret and receiver; audited. A webhook made through the API hears for its key's client and follows it (the key's
    /// client is set instead); an internal one hears for every client. It is sent, with the change, article.withdrawn for
    /// each article only the previous client could read and article.published for each only the new one can, as far as
    /// it listens for them (<see cref="QueueClientChangeEventsAsync"/>; what it was told: <see cref="ClientChange.Notice"/>).
    /// Null when the webhook is gone.
    /// </summary>
    /// <param name="articleUrl">The site's link to an article (the withdrawals sent for the previous client carry it).</param>
    public async Task<ClientChange?> SetClientAsync(long id, string? client, string changedBy, Func<string, string> articleUrl, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var subscription = await db.WebhookSubscriptions.FirstOrDefaultAsync(s => s.Id == id && s.DeletedAt == null, cancellationToken);
        if (subscription is null) return null;
        if (subscription.OwnerKeyId is { } owner)
        {
            var key = await db.ApiKeys.AsNoTracking().Where(k => k.Id == owner).Select(k => k.Name).FirstOrDefaultAsync(cancellationToken);
            throw new ApiValidationException(new Dictionary<string, string>
            {
                ["client"] = $"Webhook #{id} was made through the API with key {key ?? "#" + owner}: it hears for that key's client. Set the key's client instead.",
            });
        }
        client = ClientNames.Binding(subscription.Audience, client, "Only a customer-audience webhook hears for a client: an internal one hears for every client.", out var problem);
        if (problem is not null) throw new ApiValidationException(new Dictionary<string, string> { ["client"] = problem });
        var newKey = ClientNames.KeyOrNull(client);
        var change = new ClientChange(subscription.Client, client);
        if (subscription.Client == newKey) return change;
        var now = clock.GetUtcNow().UtcDateTime;
        change = await QueueClientChangeEventsAsync(db, [subscription], change, articleUrl, now, cancellationToken);
        db.AuditTrail.Add(Core.Audit.AuditEntry.Create(now, changedBy, Core.Audit.AuditActions.WebhookClientChanged, $"webhook #{id}",
            $"{subscription.Client ?? "no client"} → {client ?? "no client"} ({subscription.Url}); {change.Withdrawn} withdrawn, {change.Published} published"));
        subscription.Client = newKey;
        await db.SaveChangesAsync(cancellationToken);
        return change;
    }

    /// <summary>Live subscriptions, of one key when <paramref name="ownerKeyId"/> is given (the API), or all (the admin page).</summary>
    /// <summary>One page of live subscriptions in id order after <paramref name="afterId"/> (of one key, or all).</summary>
    public async Task<IReadOnlyList<WebhookSubscription>> PageAsync(long? ownerKeyId, long afterId, int limit, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var query = db.WebhookSubscriptions.AsNoTracking().Where(s => s.DeletedAt == null && s.Id > afterId);
        if (ownerKeyId is { } owner) query = query.Where(s => s.OwnerKeyId == owner);
        return await query.OrderBy(s => s.Id).Take(limit).ToListAsync(cancellationToken);
    }

    public async Task<int> CountAsync(long? ownerKeyId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var query = db.WebhookSubscriptions.AsNoTracking().Where(s => s.DeletedAt == null);
        if (ownerKeyId is { } owner) query = query.Where(s => s.OwnerKeyId == owner);
        return await query.CountAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<WebhookSubscription>> ListAsync(long? ownerKeyId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var query = db.WebhookSubscriptions.AsNoTracking().Where(s => s.DeletedAt == null);
        if (ownerKeyId is { } owner) query = query.Where(s => s.OwnerKeyId == owner);
        return await query.OrderBy(s => s.Id).ToListAsync(cancellationToken);
    }

    public async Task<WebhookSubscription?> GetAsync(long id, long? ownerKeyId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.WebhookSubscriptions.AsNoTracking()
            .FirstOrDefaultAsync(s => s.Id == id && s.DeletedAt == null && (ownerKeyId == null || s.OwnerKeyId == ownerKeyId), cancellationToken);
    }

    /// <summary>Stops a subscription: its pending deliveries are dropped; the delivery log stays.</summary>
    public async Task<bool> DeleteAsync(long id, long? ownerKeyId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var deleted = await db.WebhookSubscriptions.Where(s => s.Id == id && s.DeletedAt == null && (ownerKeyId == null || s.OwnerKeyId == ownerKeyId))
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.DeletedAt, now), cancellationToken);
        if (deleted == 0) return false;
        await db.WebhookDeliveries.Where(d => d.SubscriptionId == id && d.Status == DeliveryStatus.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, DeliveryStatus.Failed).SetProperty(d => d.LastError, "subscription deleted"), cancellationToken);
        return true;
    }

    /// <summary>The delivery log of a subscription, newest first.</summary>
    public async Task<IReadOnlyList<WebhookAttempt>> AttemptsAsync(long subscriptionId, int limit, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.WebhookAttempts.AsNoTracking().Where(a => a.SubscriptionId == subscriptionId)
            .OrderByDescending(a => a.Id).Take(limit).ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<WebhookDelivery>> DeliveriesAsync(long subscriptionId, int limit, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.WebhookDeliveries.AsNoTracking().Where(d => d.SubscriptionId == subscriptionId)
            .OrderByDescending(d => d.Id).Take(limit).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Claims up to <paramref name="limit"/> pending deliveries whose time has come, oldest first, for
    /// <paramref name="holder"/> until now + <paramref name="claimFor"/>: each row is taken by a conditional UPDATE
    /// (pending, and unclaimed or its claim expired), so two nodes never send the same row at the same time, and the
    /// rows of a node that died mid-send are sent by another once their claim runs out.
    /// </summary>
    public async Task<IReadOnlyList<DueDelivery>> ClaimDueAsync(string holder, int limit, TimeSpan claimFor, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var until = now + claimFor;
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var rows = await (from d in db.WebhookDeliveries.AsNoTracking()
                          join s in db.WebhookSubscriptions.AsNoTracking() on d.SubscriptionId equals s.Id
                          where d.Status == DeliveryStatus.Pending && d.NextAttemptAt <= now && s.DeletedAt == null
                                && (d.ClaimedUntil == null || d.ClaimedUntil < now)
                          orderby d.NextAttemptAt, d.Id
                          select new { d, s.Url, s.Secret }).Take(limit).ToListAsync(cancellationToken);
        var claimed = new List<DueDelivery>(rows.Count);
        foreach (var row in rows)
        {
            var id = row.d.Id;
            var won = await db.WebhookDeliveries
                .Where(d => d.Id == id && d.Status == DeliveryStatus.Pending && (d.ClaimedUntil == null || d.ClaimedUntil < now))
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.ClaimedBy, holder).SetProperty(d => d.ClaimedUntil, until), cancellationToken);
            if (won == 1)
            {
                row.d.ClaimedBy = holder;
                row.d.ClaimedUntil = until;
                claimed.Add(Due(row.d, row.Url, row.Secret));
            }
        }
        return claimed;
    }

    private DueDelivery Due(WebhookDelivery delivery, string url, string secret)
    {
        try
        {
            return new DueDelivery(delivery, url, secrets.Unprotect(secret));
        }
        catch (System.Security.Cryptography.CryptographicException ex)
        {
            return new DueDelivery(delivery, url, null, "the signing secret cannot be decrypted: " + ex.Message);
        }
    }

    /// <summary>The secret that signs deliveries to this subscription (stored encrypted; see <see cref="WebhookSecretProtector"/>).</summary>
    public string SigningSecret(WebhookSubscription subscription) => secrets.Unprotect(subscription.Secret);

    /// <summary>
    /// Encrypts secrets that an earlier version stored in clear; returns how many it encrypted. Run at start: it is a
    /// no-op once every row is protected, and a row changed meanwhile by another node is left to that node.
    /// </summary>
    public async Task<int> ProtectLegacySecretsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var clear = (await db.WebhookSubscriptions.AsNoTracking().Select(s => new { s.Id, s.Secret }).ToListAsync(cancellationToken))
            .Where(s => !WebhookSecretProtector.IsProtected(s.Secret) && WebhookSecretProtector.Decode(s.Secret) is not null).ToList();
        var count = 0;
        foreach (var row in clear)
        {
            var protectedSecret = secrets.Protect(row.Secret);
            count += await db.WebhookSubscriptions.Where(s => s.Id == row.Id && s.Secret == row.Secret)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.Secret, protectedSecret), cancellationToken);
        }
        return count;
    }

    /// <summary>
    /// Logs an attempt and moves the delivery on: delivered on 2xx, else retried after
    /// <paramref name="retryBase"/> × 2^(attempts−1) (capped at an hour) until <see cref="MaxAttempts"/>; the claim is
    /// cleared. Only the claim's holder moves the row on (a node whose claim expired meanwhile just logs its attempt).
    /// </summary>
    public async Task RecordAttemptAsync(WebhookDelivery delivery, int? statusCode, string? error, int durationMs, TimeSpan retryBase, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var success = statusCode is >= 200 and < 300;
        var attempts = delivery.Attempts + 1;
        var delay = OutboxRetry.Delay(retryBase, attempts);
        var status = OutboxRetry.StatusAfter(success, attempts);
        error = error is { Length: > 1000 } ? error[..1000] : error;
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        db.WebhookAttempts.Add(new WebhookAttempt
        {
            SubscriptionId = delivery.SubscriptionId, DeliveryId = delivery.Id, EventId = delivery.EventId, EventType = delivery.EventType,
            AttemptedAt = now, StatusCode = statusCode, Error = error, DurationMs = durationMs,
        });
        await db.SaveChangesAsync(cancellationToken);
        var holder = delivery.ClaimedBy;
        await db.WebhookDeliveries.Where(d => d.Id == delivery.Id && d.ClaimedBy == holder && d.Status == DeliveryStatus.Pending).ExecuteUpdateAsync(s => s
            .SetProperty(d => d.Attempts, attempts).SetProperty(d => d.Status, status)
            .SetProperty(d => d.LastStatusCode, statusCode).SetProperty(d => d.LastError, error)
            .SetProperty(d => d.NextAttemptAt, now + delay)
            .SetProperty(d => d.DeliveredAt, success ? now : null)
            .SetProperty(d => d.ClaimedBy, (string?)null).SetProperty(d => d.ClaimedUntil, (DateTime?)null), cancellationToken);
    }

    /// <summary>Gives back the claims of a node that stops sending (graceful stop, lost lease): the next holder need not wait for them to expire.</summary>
    public async Task ReleaseClaimsAsync(string holder, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await db.WebhookDeliveries.Where(d => d.ClaimedBy == holder && d.Status == DeliveryStatus.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.ClaimedBy, (string?)null).SetProperty(d => d.ClaimedUntil, (DateTime?)null), cancellationToken);
    }

    /// <summary>Deliveries not yet delivered nor given up (the backlog the metrics report).</summary>
    public async Task<int> PendingCountAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.WebhookDeliveries.CountAsync(d => d.Status == DeliveryStatus.Pending, cancellationToken);
    }

    /// <summary>Logs a test delivery (sent at once, not queued).</summary>
    public async Task RecordTestAttemptAsync(long subscriptionId, string eventId, int? statusCode, string? error, int durationMs, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        db.WebhookAttempts.Add(new WebhookAttempt
        {
            SubscriptionId = subscriptionId, EventId = eventId, EventType = WebhookEvents.Test, AttemptedAt = clock.GetUtcNow().UtcDateTime,
            StatusCode = statusCode, Error = error is { Length: > 1000 } ? error[..1000] : error, DurationMs = durationMs,
        });
        await db.SaveChangesAsync(cancellationToken);
    }
}
