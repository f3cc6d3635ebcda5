using System.Globalization;
using System.Text.Json;
using KnowledgeBase.Core.Access;
using KnowledgeBase.Core.Api;
using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Tickets;
using Microsoft.EntityFrameworkCore;

namespace KnowledgeBase.Data.Api;

public sealed partial class WebhookStore
{
    public const string ChangesCursor = "webhooks.changes";
    public const string LinksCursor = "webhooks.links";
    /// <summary>
    /// How far behind its cursor the dispatcher looks again: a change-log sequence can become visible after a higher one
    /// (concurrent transactions on PostgreSQL); the unique (subscription, event) index keeps the re-scan from queuing twice.
    /// </summary>
    public const int RescanWindow = 50;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Turns new change-log rows and ticket links into outbox rows for every subscription that wants them, and moves the
    /// stored cursors in the same transaction: an event is queued exactly once even across restarts. Returns the number
    /// of deliveries queued. A first run starts at the current end (history is not replayed to new receivers).
    /// </summary>
    public async Task<int> FanOutAsync(Func<string, string> articleUrl, int batch = 200, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var changes = await CursorAsync(db, ChangesCursor, () => db.ChangeLog.Select(c => (long?)c.Sequence).Max() ?? 0, cancellationToken);
        var links = await CursorAsync(db, LinksCursor, () => db.TicketLinks.Select(l => (long?)l.Id).Max() ?? 0, cancellationToken);
        var subscriptions = await db.WebhookSubscriptions.AsNoTracking().Where(s => s.DeletedAt == null).ToListAsync(cancellationToken);

        var entries = await db.ChangeLog.AsNoTracking().Where(c => c.Sequence > changes.Position - RescanWindow)
            .OrderBy(c => c.Sequence).Take(batch + RescanWindow).ToListAsync(cancellationToken);
        var newLinks = await (from l in db.TicketLinks.AsNoTracking()
                              join t in db.Tickets.AsNoTracking() on l.TicketId equals t.Id
                              where l.Id > links.Position - RescanWindow && l.Channel != LinkChannel.Demo
                              orderby l.Id
                              select new { Link = l, t.System, t.Instance, t.ExternalId }).Take(batch + RescanWindow).ToListAsync(cancellationToken);
        if (entries.Count == 0 && newLinks.Count == 0) return 0;

        var queued = new List<WebhookDelivery>();
        var now = clock.GetUtcNow().UtcDateTime;
        if (subscriptions.Count > 0)
        {
            var candidateIds = entries.Select(e => e.Sequence.ToString(CultureInfo.InvariantCulture))
                .Concat(newLinks.Select(l => WebhookEvents.LinkEventId(l.Link.Id))).ToList();
            var existing = (await db.WebhookDeliveries.AsNoTracking().Where(d => candidateIds.Contains(d.EventId))
                .Select(d => new { d.SubscriptionId, d.EventId }).ToListAsync(cancellationToken))
                .Select(d => (d.SubscriptionId, d.EventId)).ToHashSet();

            foreach (var entry in entries)
            {
                if (entry.Type is ChangeType.OwnerChanged or ChangeType.ReuseChanged) continue;
                var previous = await db.ChangeLog.AsNoTracking().Where(c => c.ArticleId == entry.ArticleId && c.Sequence < entry.Sequence
                        && c.Type != ChangeType.OwnerChanged && c.Type != ChangeType.ReuseChanged)
                    .OrderByDescending(c => c.Sequence).FirstOrDefaultAsync(cancellationToken);
                var eventId = entry.Sequence.ToString(CultureInfo.InvariantCulture);
                // Each subscription hears the change as its key's reader does; readers who see the same revisions share a payload.
                var targets = subscriptions.Where(s => s.CreatedAt <= entry.OccurredAt && !existing.Contains((s.Id, eventId)))
                    .Select(s => (Subscription: s, Type: EventTypeOf(s.Reader, entry, previous)))
                    .Where(t => t.Type is not null && t.Subscription.Wants(t.Type)).ToList();
                foreach (var group in targets.GroupBy(t => (t.Type!, t.Subscription.Audience, t.Subscription.Client)))
                {
                    var (type, audience, client) = group.Key;
                    // The title the reader could see at that version: a customer key never reads an internal or draft title.
                    var title = await db.ArticleRevisions.AsNoTracking().Where(r => r.ArticleId == entry.ArticleId && r.Version <= entry.Version)
                        .Where(AccessPolicy.VisibleRevisions(new Reader(audience, client)))
                        .OrderByDescending(r => r.Version).Select(r => r.Title).FirstOrDefaultAsync(cancellationToken) ?? "";
                    var payload = type == WebhookEvents.ArticleWithdrawn
                        ? Envelope(eventId, type, entry.OccurredAt, new { articleId = entry.ArticleId, version = entry.Version, title, url = articleUrl(entry.ArticleId) })
                        : Envelope(eventId, type, entry.OccurredAt, new
                        {
                            articleId = entry.ArticleId, version = entry.Version, state = entry.State.ToWire(), title, url = articleUrl(entry.ArticleId),
                        });
                    queued.AddRange(group.Select(t => NewDelivery(t.Subscription.Id, eventId, type, payload, now)));
                }
            }

            foreach (var row in newLinks)
            {
                var eventId = WebhookEvents.LinkEventId(row.Link.Id);
                var article = await db.Articles.AsNoTracking().Where(a => a.Id == row.Link.ArticleId)
                    .Select(a => new { a.Title, a.State, a.Audience, ClientKeys = a.Clients.Select(c => c.Key).ToList() }).FirstOrDefaultAsync(cancellationToken);
                if (article is null) continue;
                var targets = subscriptions.Where(s => s.Wants(WebhookEvents.TicketLinkCreated) && s.CreatedAt <= row.Link.LinkedAt
                    && (s.Audience == Audience.Internal || (article.Audience == Audience.Customer && AccessPolicy.InClientScope(s.Reader, article.ClientKeys)))
                    && !existing.Contains((s.Id, eventId))).ToList();
                if (targets.Count == 0) continue;
                var payload = Envelope(eventId, WebhookEvents.TicketLinkCreated, row.Link.LinkedAt, new
                {
                    articleId = row.Link.ArticleId, version = row.Link.ArticleVersion, state = article.State.ToWire(), title = article.Title,
                    url = articleUrl(row.Link.ArticleId), linkId = row.Link.Id, linkType = row.Link.Type.ToWire(),
                    ticket = new { system = row.System, instance = row.Instance, id = row.ExternalId },
                });
                queued.AddRange(targets.Select(s => NewDelivery(s.Id, eventId, WebhookEvents.TicketLinkCreated, payload, now)));
            }
        }

        db.WebhookDeliveries.AddRange(queued);
        if (entries.Count > 0) changes.Position = Math.Max(changes.Position, entries[^1].Sequence);
        if (newLinks.Count > 0) links.Position = Math.Max(links.Position, newLinks[^1].Link.Id);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (Tickets.UniqueViolations.Is(ex, "WebhookDeliveries"))
        {
            // Another node queued the same events first; its cursor moved too, so nothing is lost by giving up here.
            return 0;
        }
        return queued.Count;
    }

    /// <summary>
    /// The webhook event a change is for a reader (api.md), knowing the article's change before it (owner and reuse
    /// changes aside): published when it becomes Validated, a Validated article becomes Customer-facing, or comes into
    /// the reader's sight; archived; deleted; withdrawn when it leaves the reader's sight (<see cref="AccessPolicy.HearingOf"/>);
    /// otherwise updated. A creation that is not Validated is no event; nor is a change the reader does not hear.
    /// </summary>
    internal static string? EventTypeOf(Reader reader, ChangeLogEntry entry, ChangeLogEntry? previous)
    {
        switch (AccessPolicy.HearingOf(reader, entry, previous))
        {
            case ChangeHeard.Nothing: return null;
            case ChangeHeard.Withdrawal: return WebhookEvents.ArticleWithdrawn;
        }
        switch (entry.Type)
        {
            // A new owner is internal bookkeeping (the search index re-reads it), no event for a PSA.
            case ChangeType.OwnerChanged: return null;
            // A link's own event is ticket_link.created; the reuse count it moves is the index's bookkeeping.
            case ChangeType.ReuseChanged: return null;
            case ChangeType.Deleted: return WebhookEvents.ArticleDeleted;
            case ChangeType.Archived: return WebhookEvents.ArticleArchived;
            case ChangeType.Created: return entry.State == KcsState.Validated ? WebhookEvents.ArticlePublished : null;
        }
        if (entry.State != KcsState.Validated) return WebhookEvents.ArticleUpdated;
        var published = previous is null || previous.State != KcsState.Validated
            || (previous.Audience != Audience.Customer && entry.Audience == Audience.Customer)
            || !AccessPolicy.ReaderMayHear(reader, previous);
        return published ? WebhookEvents.ArticlePublished : WebhookEvents.ArticleUpdated;
    }

    /// <summary>
    /// Subscriptions moved from one client to another (a page-made webhook's own client, or its key's) are told of what
    /// the move changed in their sight, as a change that moves an article in or out of it would tell them
    /// (<see cref="AccessPolicy.HearingOf"/>): once as article.withdrawn for each article they could read for the previous
    /// client and cannot for the new one (its title and version as last read), so a copy kept outside can be dropped;
    /// once as article.published for each Validated article the new client can read and the previous one could not. Added
    /// to <paramref name="db"/> with the client change, saved in its transaction.
    /// </summary>
    internal static async Task<ClientChange> QueueClientChangeEventsAsync(KnowledgeBaseDbContext db, IReadOnlyList<WebhookSubscription> subscriptions,
        ClientChange change, Func<string, string> articleUrl, DateTime now, CancellationToken cancellationToken)
    {
        if (!change.Moved) return change;
        var before = new Reader(Audience.Customer, change.Previous);
        var after = new Reader(Audience.Customer, change.Current);
        var withdrawing = subscriptions.Where(s => s.Wants(WebhookEvents.ArticleWithdrawn)).ToList();
        var withdrawn = await QueueSightChangesAsync(db, withdrawing, before, after, WebhookEvents.ArticleWithdrawn, articleUrl, now, cancellationToken);
        var announcing = subscriptions.Where(s => s.Wants(WebhookEvents.ArticlePublished)).ToList();
        var published = await QueueSightChangesAsync(db, announcing, after, before, WebhookEvents.ArticlePublished, articleUrl, now, cancellationToken);
        return change with
        {
            Withdrawn = withdrawn, Told = withdrawn > 0 ? withdrawing.Count : 0, NotListening = withdrawn > 0 ? subscriptions.Count - withdrawing.Count : 0,
            Published = published, Announced = published > 0 ? announcing.Count : 0,
        };
    }

    /// <summary>
    /// The articles <paramref name="reader"/> can read and <paramref name="other"/> cannot (bound to the reader's client
    /// and not the other's), each queued as <paramref name="type"/> for <paramref name="targets"/> with the revision the
    /// reader reads; returns how many there are (also when no target listens).
    /// </summary>
    private static async Task<int> QueueSightChangesAsync(KnowledgeBaseDbContext db, IReadOnlyList<WebhookSubscription> targets, Reader reader, Reader other,
        string type, Func<string, string> articleUrl, DateTime now, CancellationToken cancellationToken)
    {
        // Without a client a reader sees only the articles for every client, which every reader sees.
        if (reader.Client is not { } client) return 0;
        var withdrawal = type == WebhookEvents.ArticleWithdrawn;
        var candidates = await db.Articles.AsNoTracking()
            .Where(a => a.DeletedAt == null && a.Audience == Audience.Customer && a.Clients.Any(c => c.Key == client))
            // A withdrawal is for what the reader heard of (any state); an announcement only for what it may read now.
            .Where(a => withdrawal || a.State == KcsState.Validated)
            .Select(a => new { a.Id, Keys = a.Clients.Select(c => c.Key).ToList() })
            .ToListAsync(cancellationToken);
        var ids = candidates.Where(c => AccessPolicy.InClientScope(reader, c.Keys) && !AccessPolicy.InClientScope(other, c.Keys)).Select(c => c.Id).ToList();
        if (ids.Count == 0) return 0;
        // The revision the reader reads of each (its latest visible one), in one query; an article it never could read is not told.
        var read = (await db.ArticleRevisions.AsNoTracking().Where(r => ids.Contains(r.ArticleId)).Where(AccessPolicy.VisibleRevisions(reader))
                .Select(r => new { r.ArticleId, r.Version, r.Title }).ToListAsync(cancellationToken))
            .GroupBy(r => r.ArticleId).Select(g => g.MaxBy(r => r.Version)!).OrderBy(r => r.ArticleId, StringComparer.Ordinal).ToList();
        if (targets.Count == 0) return read.Count;
        foreach (var revision in read)
        {
            var eventId = WebhookEvents.ClientChangeEventId(revision.ArticleId, now);
            var url = articleUrl(revision.ArticleId);
            var payload = withdrawal
                ? Envelope(eventId, type, now, new { articleId = revision.ArticleId, version = revision.Version, title = revision.Title, url })
                : Envelope(eventId, type, now, new { articleId = revision.ArticleId, version = revision.Version, state = KcsState.Validated.ToWire(), title = revision.Title, url });
            db.WebhookDeliveries.AddRange(targets.Select(s => NewDelivery(s.Id, eventId, type, payload, now)));
        }
        return read.Count;
    }

    public static string Envelope(string id, string type, DateTime occurredAt, object data) =>
        JsonSerializer.Serialize(new { id, type, occurredAt = DateTime.SpecifyKind(occurredAt, DateTimeKind.Utc), data }, Json);

    private static WebhookDelivery NewDelivery(long subscriptionId, string eventId, string type, string payload, DateTime now) => new()
    {
        SubscriptionId = subscriptionId, EventId = eventId, EventType = type, Payload = payload, CreatedAt = now,
        Status = DeliveryStatus.Pending, NextAttemptAt = now,
    };

    private static async Task<ApiCursor> CursorAsync(KnowledgeBaseDbContext db, string name, Func<long> start, CancellationToken cancellationToken)
    {
        var cursor = await db.ApiCursors.FirstOrDefaultAsync(c => c.Name == name, cancellationToken);
        if (cursor is not null) return cursor;
        cursor = new ApiCursor { Name = name, Position = start() };
        db.ApiCursors.Add(cursor);
        return cursor;
    }
}
