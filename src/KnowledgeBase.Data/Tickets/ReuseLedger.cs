using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Audit;
using KnowledgeBase.Core.Changes;
using KnowledgeBase.Core.Lifecycle;
using KnowledgeBase.Core.Tickets;
using KnowledgeBase.Data.Articles;
using KnowledgeBase.Data.Indexing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KnowledgeBase.Data.Tickets;

/// <summary>
/// The reuse ledger (docs/kcs.md, "Tickets and links"): tickets as the PSA reports them, ticket ↔ article links,
/// flags, feedback and the search log. Every link change writes its audit row and the article's reuse count in the
/// same transaction.
/// </summary>
/// <remarks>
/// Refinements (ours):
/// <list type="bullet">
/// <item>A link needs the ticket to be known (upsert it first) and the article to exist, not deleted, and be visible
/// to the caller's audience; otherwise <see cref="LedgerNotFoundException"/> / <see cref="ArticleNotFoundException"/>.</item>
/// <item>Linking a linked pair again never downgrades: the type becomes the higher of the two (reference &lt; resolved
/// &lt; created). Linking a pair whose link was removed revives it as a new link with the type asked for.</item>
/// <item>Article.ReuseCount = distinct tickets with a non-removed link to the article, whenever the tickets closed.</item>
/// <item>A link counts as a review when it is asked as <c>resolved</c> with "still accurate" by a Contributor or above
/// and the article is Validated (kcs.md); the link is stored either way.</item>
/// <item>A flag is resolved by a Knowledge Domain Expert or an Admin (ManageDomain) or by the article's owner: its
/// explicit owner, else its primary category's owner, compared case-insensitively with the actor's name.</item>
/// </list>
/// </remarks>
public sealed partial class ReuseLedger(IDbContextFactory<KnowledgeBaseDbContext> contextFactory, TimeProvider clock, ILogger<ReuseLedger>? logger = null, ChangeSignal? changeSignal = null)
{
    private readonly ILogger _logger = logger ?? NullLogger<ReuseLedger>.Instance;
    /// <summary>Wakes this node's dispatchers (notifications) at once after a flag is raised or resolved.</summary>
    private readonly ChangeSignal? _changeSignal = changeSignal;

    public async Task<Ticket?> FindTicketAsync(TicketKey key, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Tickets.AsNoTracking()
            .FirstOrDefaultAsync(t => t.System == key.System && t.Instance == key.Instance && t.ExternalId == key.ExternalId, cancellationToken);
    }

    /// <summary>
    /// Creates or updates a ticket by its PSA key. Closing stamps the close time (the one given, the one already stored,
    /// or now); reopening clears it, so a ticket closed again counts only in the period of its final close.
    /// </summary>
    public async Task<TicketUpsertResult> UpsertTicketAsync(TicketUpsert upsert, CancellationToken cancellationToken = default)
    {
        var errors = upsert.Validate();
        if (errors.Count > 0) throw new LedgerValidationException(errors);
        var key = new TicketKey(upsert.Key.System.Trim(), upsert.Key.Instance.Trim(), upsert.Key.ExternalId.Trim());
        var categoryId = NullIfBlank(upsert.CategoryId);

        for (var attempt = 1; ; attempt++)
        {
            await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
            if (categoryId is not null && !await db.Categories.AnyAsync(c => c.Id == categoryId, cancellationToken))
                throw new LedgerValidationException("category", $"Unknown category '{categoryId}'.");

            var now = clock.GetUtcNow().UtcDateTime;
            var ticket = await db.Tickets.FirstOrDefaultAsync(t => t.System == key.System && t.Instance == key.Instance && t.ExternalId == key.ExternalId, cancellationToken);
            var created = ticket is null;
            if (ticket is null)
            {
                ticket = new Ticket { System = key.System, Instance = key.Instance, ExternalId = key.ExternalId, Subject = "", OpenedAt = upsert.OpenedAt ?? now };
                db.Tickets.Add(ticket);
            }
            ticket.Subject = upsert.Subject.Trim();
            ticket.Description = NullIfBlank(upsert.Description);
            ticket.CategoryId = categoryId;
            ticket.Client = NullIfBlank(upsert.Client);
            ticket.Technician = NullIfBlank(upsert.Technician);
            if (upsert.OpenedAt is { } opened) ticket.OpenedAt = opened;
            ticket.ClosedAt = upsert.Status == TicketStatus.Closed
                ? upsert.ClosedAt ?? (ticket.Status == TicketStatus.Closed && !created ? ticket.ClosedAt : null) ?? now
                : null;
            ticket.Status = upsert.Status;
            ticket.UpdatedAt = now;
            if (ticket.ClosedAt < ticket.OpenedAt)
                throw new LedgerValidationException("closedAt", "A ticket cannot close before it opened.");

            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return new TicketUpsertResult(ticket, created);
            }
            catch (DbUpdateException ex) when (created && attempt == 1 && UniqueViolations.Is(ex, "Tickets"))
            {
                // A concurrent upsert of the same ticket won the insert; apply ours as an update of theirs.
                _logger.LogDebug("Concurrent insert of ticket {Ticket}; retrying as an update", key);
            }
        }
    }

    /// <summary>
    /// Links an article to a ticket, or returns the existing link (upgraded when asked with a higher type). The audit row,
    /// the article's reuse count and — for a still-accurate resolved link by a Contributor+ — the review commit together.
    /// </summary>
    public async Task<LinkResult> LinkAsync(Actor actor, LinkRequest request, CancellationToken cancellationToken = default)
    {
        var errors = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(request.ArticleId)) errors["articleId"] = "The article id is required.";
        if (!Enum.IsDefined(request.Type)) errors["type"] = "The type must be reference, resolved or created.";
        if (!Enum.IsDefined(request.Channel)) errors["channel"] = "Unknown channel.";
        if (string.IsNullOrWhiteSpace(request.Ticket.System)) errors["ticket.system"] = "The ticket's system is required.";
        if (string.IsNullOrWhiteSpace(request.Ticket.Instance)) errors["ticket.instance"] = "The ticket's instance is required.";
        if (string.IsNullOrWhiteSpace(request.Ticket.ExternalId)) errors["ticket.id"] = "The ticket's id is required.";
        if (string.IsNullOrWhiteSpace(actor.Name)) errors["linkedBy"] = "Who links is required.";
        else if (actor.Name.Length > 256) errors["linkedBy"] = "At most 256 characters.";
        if (errors.Count > 0) throw new LedgerValidationException(errors);
        if (!actor.Role.Has(KcsPermission.ReadAndLink)) throw new ArticleForbiddenException("This role may not link articles to tickets.");

        for (var attempt = 1; ; attempt++)
        {
            await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var ticket = await FindTicketAsync(db, request.Ticket, cancellationToken);
            var article = await VisibleArticleAsync(db, request.ArticleId, request.Reader, cancellationToken);
            var now = clock.GetUtcNow().UtcDateTime;

            var link = await db.TicketLinks.FirstOrDefaultAsync(l => l.TicketId == ticket.Id && l.ArticleId == article.Id, cancellationToken);
            bool created, upgraded = false;
            if (link is null || link.IsRemoved)
            {
                created = true;
                if (link is null)
                {
                    link = new TicketLink { TicketId = ticket.Id, ArticleId = article.Id, LinkedBy = actor.Name };
                    db.TicketLinks.Add(link);
                }
                link.Type = request.Type;
                link.ArticleVersion = article.Version;
                link.LinkedBy = actor.Name;
                link.LinkedAt = now;
                link.Channel = request.Channel;
                link.StillAccurate = request.StillAccurate;
                link.RemovedAt = null;
                link.RemovedBy = null;
                db.AuditTrail.Add(Audit(actor, AuditActions.LinkCreated, article.Id, $"{request.Type.ToString().ToLowerInvariant()} link to ticket {ticket.Key} via {request.Channel}", now));
            }
            else
            {
                created = false;
                if (request.Type > link.Type)
                {
                    db.AuditTrail.Add(Audit(actor, AuditActions.LinkCreated, article.Id,
                        $"link to ticket {ticket.Key} upgraded {link.Type.ToString().ToLowerInvariant()} → {request.Type.ToString().ToLowerInvariant()}", now));
                    link.Type = request.Type;
                    link.ArticleVersion = article.Version;
                    upgraded = true;
                }
                if (request.StillAccurate) link.StillAccurate = true;
            }

            var reviewed = request.Type == LinkType.Resolved && request.StillAccurate
                && actor.Role.Has(KcsPermission.EditInternal) && article.State == KcsState.Validated;
            if (reviewed)
                await ArticleStore.RecordReviewAsync(db, actor, article.Id, now, $"confirmed still accurate when linked as resolved to ticket {ticket.Key}", cancellationToken);
            // The search that led here is successful (a prefetch someone acted on becomes demand). A 'created' link says
            // the searches found nothing: it answers none.
            if (request.Type != LinkType.Created)
                await AnswerAsync(db, SearchAct.Link, request.SearchSession ?? actor.Name, null, article.Id, request.Ticket, cancellationToken);

            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException ex) when (attempt == 1 && link.Id == 0 && UniqueViolations.Is(ex, "TicketLinks"))
            {
                // Two technicians linked the same pair at once: the other insert won; answer with that link.
                continue;
            }
            await RecountReuseAsync(db, article.Id, cancellationToken);
            if (created) await ReuseChangedAsync(db, article.Id, actor.Name, now, cancellationToken);
            // A PSA that writes back gets its note in the same transaction: the link and the note commit together.
            if (created || upgraded) await Psa.PsaWriteBackStore.EnqueueAsync(db, ticket, link, article.Title, now, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            if (created) _changeSignal?.Notify();
            _logger.LogInformation("Ticket {Ticket} linked to article {ArticleId} as {LinkType} by {Actor} (created {Created}, upgraded {Upgraded}, reviewed {Reviewed})",
                ticket.Key, article.Id, link.Type, actor.Name, created, upgraded, reviewed);
            return new LinkResult(link, created, upgraded, reviewed);
        }
    }

    /// <summary>
    /// Soft-removes a link (a wrong link): it stops counting everywhere, the row and an audit entry stay. Removing twice
    /// is a no-op. With <paramref name="onTicket"/> (the site's form, posted from that ticket's page) a link of another
    /// ticket is answered exactly like a missing one, so ids cannot be probed from one ticket's page.
    /// </summary>
    public async Task<TicketLink> RemoveLinkAsync(Actor actor, long linkId, CancellationToken cancellationToken = default, TicketKey? onTicket = null)
    {
        if (!actor.Role.Has(KcsPermission.ReadAndLink)) throw new ArticleForbiddenException("This role may not remove links.");
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var link = await db.TicketLinks.FirstOrDefaultAsync(l => l.Id == linkId, cancellationToken);
        if (link is not null && onTicket is not null
            && !await db.Tickets.AnyAsync(t => t.Id == link.TicketId && t.System == onTicket.System && t.Instance == onTicket.Instance && t.ExternalId == onTicket.ExternalId, cancellationToken))
            link = null;
        if (link is null) throw new LedgerNotFoundException("Link", linkId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (link.IsRemoved) return link;

        var now = clock.GetUtcNow().UtcDateTime;
        var ticket = await db.Tickets.AsNoTracking().Where(t => t.Id == link.TicketId).Select(t => new TicketKey(t.System, t.Instance, t.ExternalId)).FirstAsync(cancellationToken);
        link.RemovedAt = now;
        link.RemovedBy = actor.Name;
        db.AuditTrail.Add(Audit(actor, AuditActions.LinkRemoved, link.ArticleId, $"{link.Type.ToString().ToLowerInvariant()} link #{link.Id} to ticket {ticket} (linked by {link.LinkedBy})", now));
        await db.SaveChangesAsync(cancellationToken);
        await RecountReuseAsync(db, link.ArticleId, cancellationToken);
        await ReuseChangedAsync(db, link.ArticleId, actor.Name, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        _changeSignal?.Notify();
        _logger.LogInformation("Link {LinkId} of ticket {Ticket} to article {ArticleId} removed by {Actor}", link.Id, ticket, link.ArticleId, actor.Name);
        return link;
    }

    public async Task<IReadOnlyList<TicketLink>> LinksOfTicketAsync(TicketKey key, bool includeRemoved = false, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var ticket = await FindTicketAsync(db, key, cancellationToken);
        return await db.TicketLinks.AsNoTracking().Where(l => l.TicketId == ticket.Id && (includeRemoved || l.RemovedAt == null))
            .OrderBy(l => l.Id).ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<TicketLink>> LinksOfArticleAsync(string articleId, bool includeRemoved = false, int offset = 0, int limit = 100, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.TicketLinks.AsNoTracking().Where(l => l.ArticleId == articleId && (includeRemoved || l.RemovedAt == null))
            .OrderByDescending(l => l.Id).Skip(Math.Max(0, offset)).Take(Math.Clamp(limit, 1, 500)).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Sets every article's reuse count from the links (after a bulk load such as demo data), with a change-log row for
    /// each article whose count moved so every node's search index re-reads it, dated <paramref name="now"/> (UTC).
    /// </summary>
    public static async Task<int> RecountAllReuseAsync(KnowledgeBaseDbContext db, DateTime now, CancellationToken cancellationToken = default)
    {
        var moved = db.Articles.Where(a => a.ReuseCount != db.TicketLinks.Count(l => l.ArticleId == a.Id && l.RemovedAt == null));
        await ArticleChangeRows.AddAsync(db, moved, ChangeType.ReuseChanged, "system", now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return await db.Articles.ExecuteUpdateAsync(s => s.SetProperty(a => a.ReuseCount, a => db.TicketLinks.Count(l => l.ArticleId == a.Id && l.RemovedAt == null)), cancellationToken);
    }

    /// <summary>A link came or went: the article's reuse count (which ranks searches) moved, so the index re-reads it.</summary>
    private static async Task ReuseChangedAsync(KnowledgeBaseDbContext db, string articleId, string actor, DateTime now, CancellationToken cancellationToken)
    {
        await ArticleChangeRows.AddAsync(db, db.Articles.Where(a => a.Id == articleId), ChangeType.ReuseChanged, actor, now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }

    private static Task<int> RecountReuseAsync(KnowledgeBaseDbContext db, string articleId, CancellationToken cancellationToken) =>
        // One link per pair, so counting live links counts distinct tickets.
        db.Articles.Where(a => a.Id == articleId)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.ReuseCount, a => db.TicketLinks.Count(l => l.ArticleId == a.Id && l.RemovedAt == null)), cancellationToken);

    private static async Task<Ticket> FindTicketAsync(KnowledgeBaseDbContext db, TicketKey key, CancellationToken cancellationToken) =>
        await db.Tickets.AsNoTracking().FirstOrDefaultAsync(t => t.System == key.System && t.Instance == key.Instance && t.ExternalId == key.ExternalId, cancellationToken)
        ?? throw new LedgerNotFoundException("Ticket", key.ToString());

    /// <summary>
    /// An article the reader may act on; an Internal article, or another client's, is "not found" for a Customer reader,
    /// as in the API. (Customers flag and rate what they were shown; the state is not asked here, as before clients.)
    /// </summary>
    private static async Task<Article> VisibleArticleAsync(KnowledgeBaseDbContext db, string articleId, Core.Access.Reader reader, CancellationToken cancellationToken)
    {
        var article = await db.Articles.AsNoTracking().FirstOrDefaultAsync(a => a.Id == articleId && a.DeletedAt == null, cancellationToken);
        if (article is null || (!reader.IsInternal && (article.Audience != Audience.Customer || !Core.Access.AccessPolicy.InClientScope(reader, article.ClientKeys))))
            throw new ArticleNotFoundException(articleId);
        return article;
    }

    private static AuditEntry Audit(Actor actor, string action, string target, string details, DateTime now) =>
        AuditEntry.Create(now, actor.Name, action, target, details);

    private static string? NullIfBlank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
