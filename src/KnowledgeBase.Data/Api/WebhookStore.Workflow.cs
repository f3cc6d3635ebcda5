using System.Globalization;
using KnowledgeBase.Core.Api;
using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Reports;
using KnowledgeBase.Data.Reports;
using Microsoft.EntityFrameworkCore;

namespace KnowledgeBase.Data.Api;

/// <summary>
/// The service desk's workflow events (api.md): article flagged, review due, proposal created and decided. Internal
/// subscriptions only. Like the change-log events, each is queued into the outbox once, with its cursor moved in the
/// same transaction; the unique (subscription, event) index keeps every re-scan from queuing twice.
/// </summary>
/// <remarks>
/// Flags and proposals are appended with ascending ids, so they are followed by id with the same re-scan window as the
/// change log. A decision updates its proposal row, so decisions are followed by decision time with a re-scan of
/// <see cref="DecisionRescan"/> behind the cursor (a decision committed late, or on a node whose clock is a little
/// behind, is still seen). Review due is time itself: a scan every <c>reviewScan</c> (ten minutes by default) evaluates the
/// stale rules (<see cref="StaleRules"/>, the one home of "review due") and queues each article once per due date.
/// </remarks>
public sealed partial class WebhookStore
{
    public const string FlagsCursor = "webhooks.flags";
    public const string ProposalsCursor = "webhooks.proposals";
    /// <summary>Position: UTC ticks of the latest decision queued.</summary>
    public const string DecisionsCursor = "webhooks.proposal-decisions";
    /// <summary>Position: UTC ticks of the last review-due scan.</summary>
    public const string ReviewsCursor = "webhooks.reviews-due";

    public static readonly TimeSpan DecisionRescan = TimeSpan.FromMinutes(10);
    /// <summary>Reviews that fell due longer ago than this are not announced (a dispatcher that was down for weeks does not flood receivers).</summary>
    public static readonly TimeSpan ReviewLookBack = TimeSpan.FromDays(30);

    /// <summary>
    /// Queues the workflow events that happened since the last round for every internal subscription that wants them;
    /// returns the number of deliveries queued. A first run starts at the current end (history is not replayed).
    /// </summary>
    public async Task<int> FanOutWorkflowAsync(Func<string, string> articleUrl, TimeSpan? reviewScan = null, int batch = 200, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var flags = await CursorAsync(db, FlagsCursor, () => db.ArticleFlags.Select(f => (long?)f.Id).Max() ?? 0, cancellationToken);
        var proposals = await CursorAsync(db, ProposalsCursor, () => db.ProposedRevisions.Select(p => (long?)p.Id).Max() ?? 0, cancellationToken);
        var decisions = await CursorAsync(db, DecisionsCursor, () => now.Ticks, cancellationToken);
        var reviews = await CursorAsync(db, ReviewsCursor, () => 0, cancellationToken);
        var subscriptions = (await db.WebhookSubscriptions.AsNoTracking().Where(s => s.DeletedAt == null && s.Audience == Audience.Internal).ToListAsync(cancellationToken))
            .Where(s => s.EventList.Any(WebhookEvents.Workflow.Contains)).ToList();

        var newFlags = await (from f in db.ArticleFlags.AsNoTracking()
                              join a in db.Articles.AsNoTracking() on f.ArticleId equals a.Id
                              where f.Id > flags.Position - RescanWindow
                              orderby f.Id
                              select new { Flag = f, a.Title, a.State, a.Version }).Take(batch + RescanWindow).ToListAsync(cancellationToken);
        var newProposals = await (from p in db.ProposedRevisions.AsNoTracking()
                                  join a in db.Articles.AsNoTracking() on p.ArticleId equals a.Id
                                  where p.Id > proposals.Position - RescanWindow
                                  orderby p.Id
                                  select new { Proposal = p, ArticleTitle = a.Title }).Take(batch + RescanWindow).ToListAsync(cancellationToken);
        var decidedSince = new DateTime(decisions.Position, DateTimeKind.Utc);
        var rescanFrom = decidedSince - DecisionRescan;
        var decided = await (from p in db.ProposedRevisions.AsNoTracking()
                             join a in db.Articles.AsNoTracking() on p.ArticleId equals a.Id
                             where p.DecidedAt != null && p.DecidedAt > rescanFrom
                             orderby p.DecidedAt, p.Id
                             select new { Proposal = p, ArticleTitle = a.Title }).Take(batch + 1000).ToListAsync(cancellationToken);
        // The rows decided within the re-scan window are all looked at again; of the newer ones, a batch per round.
        decided = decided.Where(d => d.Proposal.DecidedAt <= decidedSince).Concat(decided.Where(d => d.Proposal.DecidedAt > decidedSince).Take(batch)).ToList();
        var scanReviews = now.Ticks - reviews.Position >= (reviewScan ?? TimeSpan.FromMinutes(10)).Ticks;

        var candidates = new List<(string EventId, string Type, DateTime OccurredAt, Func<string> Payload)>();
        foreach (var row in newFlags)
        {
            var f = row.Flag;
            var id = WebhookEvents.FlagEventId(f.Id);
            candidates.Add((id, WebhookEvents.ArticleFlagged, f.RaisedAt, () => Envelope(id, WebhookEvents.ArticleFlagged, f.RaisedAt, new
            {
                articleId = f.ArticleId, version = row.Version, state = row.State.ToWire(), title = row.Title, url = articleUrl(f.ArticleId),
                flagId = f.Id, reason = f.Reason.ToString().ToLowerInvariant(), comment = f.Comment, raisedBy = f.RaisedBy,
            })));
        }
        foreach (var row in newProposals)
        {
            var p = row.Proposal;
            var id = WebhookEvents.ProposalCreatedEventId(p.Id);
            candidates.Add((id, WebhookEvents.ProposalCreated, p.CreatedAt, () => Envelope(id, WebhookEvents.ProposalCreated, p.CreatedAt, ProposalData(p, row.ArticleTitle, articleUrl))));
        }
        foreach (var row in decided)
        {
            var p = row.Proposal;
            var id = WebhookEvents.ProposalDecidedEventId(p.Id);
            candidates.Add((id, WebhookEvents.ProposalDecided, p.DecidedAt!.Value, () => Envelope(id, WebhookEvents.ProposalDecided, p.DecidedAt!.Value, ProposalData(p, row.ArticleTitle, articleUrl))));
        }
        if (scanReviews && subscriptions.Any(s => s.Wants(WebhookEvents.ArticleReviewDue)))
            candidates.AddRange(await ReviewsDueAsync(db, now, articleUrl, cancellationToken));

        var queued = new List<WebhookDelivery>();
        if (subscriptions.Count > 0 && candidates.Count > 0)
        {
            var existing = new HashSet<(long, string)>();
            foreach (var chunk in candidates.Select(c => c.EventId).Distinct().Chunk(500))
            {
                var ids = chunk.ToList();
                existing.UnionWith((await db.WebhookDeliveries.AsNoTracking().Where(d => ids.Contains(d.EventId))
                    .Select(d => new { d.SubscriptionId, d.EventId }).ToListAsync(cancellationToken)).Select(d => (d.SubscriptionId, d.EventId)));
            }
            foreach (var candidate in candidates)
            {
                var targets = subscriptions.Where(s => s.Wants(candidate.Type) && s.CreatedAt <= candidate.OccurredAt && !existing.Contains((s.Id, candidate.EventId))).ToList();
                if (targets.Count == 0) continue;
                var payload = candidate.Payload();
                queued.AddRange(targets.Select(s => NewDelivery(s.Id, candidate.EventId, candidate.Type, payload, now)));
                foreach (var s in targets) existing.Add((s.Id, candidate.EventId));
            }
        }

        db.WebhookDeliveries.AddRange(queued);
        if (newFlags.Count > 0) flags.Position = Math.Max(flags.Position, newFlags[^1].Flag.Id);
        if (newProposals.Count > 0) proposals.Position = Math.Max(proposals.Position, newProposals[^1].Proposal.Id);
        if (decided.Count > 0) decisions.Position = Math.Max(decisions.Position, decided.Max(d => d.Proposal.DecidedAt!.Value.Ticks));
        if (scanReviews) reviews.Position = now.Ticks;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (Tickets.UniqueViolations.Is(ex, "WebhookDeliveries"))
        {
            // Another node queued the same events first and moved the cursors with them.
            return 0;
        }
        return queued.Count;
    }

    private static object ProposalData(ProposedRevision p, string articleTitle, Func<string, string> articleUrl)
    {
        var url = articleUrl(p.ArticleId);
        var id = p.Id.ToString(CultureInfo.InvariantCulture);
        return new
        {
            articleId = p.ArticleId, title = articleTitle, url, proposalId = p.Id, proposedTitle = p.Title, author = p.Author, baseVersion = p.BaseVersion,
            changeNote = p.ChangeNote, createdAt = p.CreatedAt, status = p.Status.ToWire(), decidedBy = p.DecidedBy, decidedAt = p.DecidedAt,
            decisionNote = p.DecisionNote, appliedVersion = p.AppliedVersion,
            reviewUrl = $"{url}?proposal={id}#proposal-{id}", apiPath = $"/api/v1/proposals/{id}",
        };
    }

    /// <summary>Articles whose review fell due (the stale rules' "review due") within <see cref="ReviewLookBack"/>.</summary>
    private static async Task<IEnumerable<(string EventId, string Type, DateTime OccurredAt, Func<string> Payload)>> ReviewsDueAsync(
        KnowledgeBaseDbContext db, DateTime now, Func<string, string> articleUrl, CancellationToken cancellationToken)
    {
        var rows = await StaleDocumentation.Rows(db, now, StaleOptions.Default, owner: null)
            .Where(r => r.State == KcsState.NotValidated || r.State == KcsState.Validated).ToListAsync(cancellationToken);
        var result = new List<(string, string, DateTime, Func<string>)>();
        foreach (var row in rows)
        {
            if (StaleRules.Evaluate(row.Facts, now).FirstOrDefault(f => f.Rule == StaleRule.ReviewDue) is not { } due) continue;
            // Due on its due date; stale (and announced) from the start of the next day, as the review queue counts it.
            var occurredAt = DateTime.SpecifyKind(due.Since.Date.AddDays(1), DateTimeKind.Utc);
            if (occurredAt < now - ReviewLookBack) continue;
            var id = WebhookEvents.ReviewDueEventId(row.Id, due.Since);
            var facts = row.Facts;
            result.Add((id, WebhookEvents.ArticleReviewDue, occurredAt, () => Envelope(id, WebhookEvents.ArticleReviewDue, occurredAt, new
            {
                articleId = row.Id, version = row.Version, state = row.State.ToWire(), title = row.Title, url = articleUrl(row.Id), owner = row.Owner,
                dueAt = DateTime.SpecifyKind(due.Since, DateTimeKind.Utc), lastReviewedAt = row.LastReviewedAt, reviewIntervalDays = facts.ReviewIntervalDays,
            })));
        }
        return result;
    }
}
