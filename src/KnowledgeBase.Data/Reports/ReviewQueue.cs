using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Lifecycle;
using KnowledgeBase.Core.Owners;
using KnowledgeBase.Core.Reports;
using KnowledgeBase.Data.Articles;
using KnowledgeBase.Data.Tickets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KnowledgeBase.Data.Reports;

/// <summary>
/// An owner's weekly review (docs/kcs.md): their stale, flagged and proposed-revision articles, ranked by demand so
/// they fix first what technicians use, with the actions that take an article out of the queue.
/// </summary>
/// <remarks>
/// Refinements (ours): ownership is computed at query time (<see cref="AccountableOwner"/>: explicit owner, else the
/// primary category's owner), so reassigning a category moves its queue at once. A person's queue is a
/// <see cref="ReviewScope"/> (<see cref="Owners.OwnerDirectory.ScopeOfUserAsync"/>): what they and their teams own, their
/// whole domain for a Knowledge Domain Expert, and the unowned articles for the triage owner. Demand = links made in the last <see cref="StaleDocumentation.DemandDays"/>
/// days + searches in that time that opened or linked the article. Ties go to the article waiting longest: the
/// earliest of its stale-since, oldest open flag and oldest open proposal. Archived articles appear only for an open
/// flag or proposal (they are never stale).
/// </remarks>
public sealed class ReviewQueue(IDbContextFactory<KnowledgeBaseDbContext> contextFactory, TimeProvider clock, ArticleStore articles, ReuseLedger ledger,
    StaleOptions? options = null, ILogger<ReviewQueue>? logger = null)
{
    private readonly StaleOptions _options = options ?? StaleOptions.Default;
    private readonly ILogger _logger = logger ?? NullLogger<ReviewQueue>.Instance;

    /// <summary>The queue of the articles whose accountable owner is <paramref name="owner"/> (a stored owner reference).</summary>
    public Task<IReadOnlyList<ReviewQueueItem>> ForOwnerAsync(string owner, CancellationToken cancellationToken = default) =>
        ForScopeAsync(ReviewScope.Of(owner), cancellationToken);

    /// <summary>The queue of a review scope: a person's "mine" (their own, their teams', their domain, triage), a team's.</summary>
    public async Task<IReadOnlyList<ReviewQueueItem>> ForScopeAsync(ReviewScope scope, CancellationToken cancellationToken = default)
    {
        if (scope.IsEmpty) return [];
        await using var db = await ReportContext.CreateAsync(contextFactory, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var rows = await StaleDocumentation.Rows(db, now, _options, scope, withDemand: true).ToListAsync(cancellationToken);
        var items = new List<ReviewQueueItem>();
        foreach (var row in rows)
        {
            var findings = StaleRules.Evaluate(row.Facts, now, _options);
            if (findings.Count == 0 && row.OpenFlags == 0 && row.OpenProposals == 0) continue;
            var waiting = findings.Select(f => f.Since).Append(row.OldestOpenFlagAt ?? DateTime.MaxValue).Append(row.OldestOpenProposalAt ?? DateTime.MaxValue).Min();
            items.Add(new ReviewQueueItem(row.Id, row.Title, row.State, row.Owner, row.Version, findings, row.OpenFlags, row.OpenProposals,
                row.RecentLinks, row.RecentSearches, DateTime.SpecifyKind(waiting, DateTimeKind.Utc)));
        }
        return items.OrderByDescending(i => i.Demand).ThenBy(i => i.Since).ThenBy(i => i.ArticleId, StringComparer.Ordinal).ToList();
    }

    /// <summary>"Still valid": a review (ArticleStore.ConfirmReviewedAsync), which takes a review-due article out of the queue.</summary>
    public Task<Article> ConfirmAsync(Actor actor, string articleId, CancellationToken cancellationToken = default) =>
        articles.ConfirmReviewedAsync(actor, articleId, cancellationToken);

    /// <summary>
    /// Confirms several articles with one change note in one transaction, one audit row per article. Articles the
    /// actor may not review (wrong state, deleted, role) are skipped and reported, the rest are confirmed.
    /// </summary>
    public async Task<BulkConfirmResult> ConfirmManyAsync(Actor actor, IReadOnlyCollection<string> articleIds, string changeNote, CancellationToken cancellationToken = default)
    {
        if (changeNote.Length > 2000) throw new ArticleValidationException(new Dictionary<string, string> { ["changeNote"] = "The change note must be at most 2,000 characters." });
        var ids = articleIds.Distinct(StringComparer.Ordinal).ToList();
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var found = await db.Articles.AsNoTracking().Where(a => ids.Contains(a.Id) && a.DeletedAt == null).ToDictionaryAsync(a => a.Id, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var confirmed = new List<string>();
        var skipped = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            if (!found.TryGetValue(id, out var article))
            {
                skipped[id] = "The article does not exist.";
                continue;
            }
            var decision = ArticleLifecycle.DecideReview(actor, ArticleFacts.Of(article));
            if (!decision.IsAllowed)
            {
                skipped[id] = decision.Reason;
                continue;
            }
            await ArticleStore.RecordReviewAsync(db, actor, id, now, changeNote.Length > 0 ? $"confirmed still accurate: {changeNote}" : "confirmed still accurate", cancellationToken);
            confirmed.Add(id);
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        _logger.LogInformation("{Actor} confirmed {Confirmed} articles in bulk, skipped {Skipped}", actor.Name, confirmed.Count, skipped.Count);
        return new BulkConfirmResult(confirmed, skipped);
    }

    /// <summary>
    /// Archives through the article store, so the lifecycle decides (KDE, Admin). An archived article is internal:
    /// the audience is set to Internal in the same change, since only Validated articles may be Customer-facing.
    /// </summary>
    public async Task<SaveOutcome> ArchiveAsync(Actor actor, string articleId, int expectedVersion, string changeNote = "", CancellationToken cancellationToken = default)
    {
        var article = await articles.FindAsync(articleId, cancellationToken) ?? throw new ArticleNotFoundException(articleId);
        return await articles.UpdateAsync(actor, articleId, expectedVersion,
            EditOf(article) with { State = KcsState.Archived, Audience = Audience.Internal, ChangeNote = changeNote.Length > 0 ? changeNote : "Archived from the review queue" },
            cancellationToken: cancellationToken);
    }

    /// <summary>Sets the article's explicit owner (null or blank: back to the primary category's owner) through the article store.</summary>
    public async Task<SaveOutcome> ReassignAsync(Actor actor, string articleId, int expectedVersion, string? newOwner, string changeNote = "", CancellationToken cancellationToken = default)
    {
        var article = await articles.FindAsync(articleId, cancellationToken) ?? throw new ArticleNotFoundException(articleId);
        return await articles.UpdateAsync(actor, articleId, expectedVersion,
            EditOf(article) with { Owner = newOwner, ChangeNote = changeNote.Length > 0 ? changeNote : $"Owner → {(string.IsNullOrWhiteSpace(newOwner) ? "category owner" : newOwner.Trim())}" },
            cancellationToken: cancellationToken);
    }

    public Task<Core.Tickets.ArticleFlag> ResolveFlagAsync(Actor actor, long flagId, string? resolution, CancellationToken cancellationToken = default) =>
        ledger.ResolveFlagAsync(actor, flagId, resolution, cancellationToken);

    private static ArticleEdit EditOf(Article article) => new()
    {
        Title = article.Title, Body = article.Body, State = article.State, Audience = article.Audience,
        Categories = article.CategoryIds.ToList(), Tags = article.TagNames.ToList(), Owner = article.Owner,
    };
}
