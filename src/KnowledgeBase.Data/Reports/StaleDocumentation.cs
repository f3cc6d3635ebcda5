using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Owners;
using KnowledgeBase.Core.Reports;
using KnowledgeBase.Core.Tickets;
using KnowledgeBase.Data.Owners;
using Microsoft.EntityFrameworkCore;

namespace KnowledgeBase.Data.Reports;

/// <summary>
/// The stale-documentation report (docs/kcs.md): the database aggregates one row per article (latest link, oldest
/// open flag, links in the effectiveness window, the primary category's interval and owner now) and
/// <see cref="StaleRules"/> decides which rules hold and since when. Link and search rows never leave the database.
/// </summary>
public sealed class StaleDocumentation(IDbContextFactory<KnowledgeBaseDbContext> contextFactory, TimeProvider clock, StaleOptions? options = null)
{
    /// <summary>Days of links and searches that count as demand in the review queue.</summary>
    public const int DemandDays = 30;

    public StaleOptions Options { get; } = options ?? StaleOptions.Default;

    /// <summary>
    /// Stale articles whose accountable owner (<see cref="AccountableOwner"/>, now) is <paramref name="owner"/>, or of
    /// everyone, oldest first.
    /// </summary>
    public async Task<IReadOnlyList<StaleArticle>> EvaluateAsync(string? owner = null, CancellationToken cancellationToken = default)
    {
        await using var db = await ReportContext.CreateAsync(contextFactory, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var rows = await Rows(db, now, Options, owner).ToListAsync(cancellationToken);
        return Stale(rows, now, Options);
    }

    /// <summary>How many articles each rule holds for (an article may count under several rules).</summary>
    public async Task<IReadOnlyDictionary<StaleRule, int>> CountsByRuleAsync(string? owner = null, CancellationToken cancellationToken = default)
    {
        var stale = await EvaluateAsync(owner, cancellationToken);
        return Enum.GetValues<StaleRule>().ToDictionary(r => r, r => stale.Count(s => s.Holds(r)));
    }

    internal static IReadOnlyList<StaleArticle> Stale(IEnumerable<ArticleStaleRow> rows, DateTime now, StaleOptions options) =>
        rows.Select(r => (Row: r, Findings: StaleRules.Evaluate(r.Facts, now, options)))
            .Where(x => x.Findings.Count > 0)
            .Select(x => new StaleArticle(x.Row.Id, x.Row.Title, x.Row.State, x.Row.Owner, x.Row.PrimaryCategoryId, x.Row.Version, x.Findings))
            .OrderBy(s => s.Since).ThenBy(s => s.ArticleId, StringComparer.Ordinal)
            .ToList();

    /// <summary>Stale articles in a review scope (a person's "mine", a team's, the triage owner's), oldest first.</summary>
    public async Task<IReadOnlyList<StaleArticle>> EvaluateAsync(ReviewScope scope, CancellationToken cancellationToken = default)
    {
        await using var db = await ReportContext.CreateAsync(contextFactory, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var rows = await Rows(db, now, Options, scope).ToListAsync(cancellationToken);
        return Stale(rows, now, Options);
    }

    /// <summary>
    /// One row per live (not deleted) article, aggregates as correlated subqueries served by the ledger's indexes.
    /// <paramref name="owner"/> narrows to the articles whose accountable owner (<see cref="AccountableOwner"/>) it is.
    /// </summary>
    internal static IQueryable<ArticleStaleRow> Rows(KnowledgeBaseDbContext db, DateTime now, StaleOptions options, string? owner, bool withDemand = false) =>
        Rows(db, now, options, owner is null ? null : ReviewScope.Of(owner), withDemand);

    /// <summary>The same rows, narrowed to a review scope (null: every article).</summary>
    internal static IQueryable<ArticleStaleRow> Rows(KnowledgeBaseDbContext db, DateTime now, StaleOptions options, ReviewScope? scope, bool withDemand = false)
    {
        var windowStart = now.AddDays(-options.EffectivenessWindowDays);
        var demandStart = now.AddDays(-DemandDays);
        var owned = OwnerQueries.Owned(db, db.Articles.Where(a => a.DeletedAt == null));
        if (scope is not null) owned = owned.InScope(scope);
        return owned.Select(o => new ArticleStaleRow
        {
            Id = o.Article.Id,
            Title = o.Article.Title,
            State = o.Article.State,
            Version = o.Article.Version,
            CreatedAt = o.Article.CreatedAt,
            LastReviewedAt = o.Article.LastReviewedAt,
            ExplicitOwner = o.Article.Owner,
            PrimaryCategoryId = o.PrimaryCategoryId,
            CategoryOwner = o.CategoryOwner,
            ReviewIntervalDays = o.ReviewIntervalDays,
            LastLinkedAt = db.TicketLinks.Where(l => l.ArticleId == o.Article.Id && l.RemovedAt == null).Max(l => (DateTime?)l.LinkedAt),
            OldestOpenFlagAt = db.ArticleFlags.Where(f => f.ArticleId == o.Article.Id && f.ResolvedAt == null).Min(f => (DateTime?)f.RaisedAt),
            OpenFlags = db.ArticleFlags.Count(f => f.ArticleId == o.Article.Id && f.ResolvedAt == null),
            OldestOpenProposalAt = withDemand ? db.ProposedRevisions.Where(p => p.ArticleId == o.Article.Id && p.Status == ProposalStatus.Open).Min(p => (DateTime?)p.CreatedAt) : null,
            OpenProposals = withDemand ? db.ProposedRevisions.Count(p => p.ArticleId == o.Article.Id && p.Status == ProposalStatus.Open) : 0,
            WindowLinks = db.TicketLinks.Count(l => l.ArticleId == o.Article.Id && l.RemovedAt == null && l.LinkedAt >= windowStart),
            WindowResolvedLinks = db.TicketLinks.Count(l => l.ArticleId == o.Article.Id && l.RemovedAt == null && l.LinkedAt >= windowStart && l.Type == LinkType.Resolved),
            WindowFirstLinkAt = db.TicketLinks.Where(l => l.ArticleId == o.Article.Id && l.RemovedAt == null && l.LinkedAt >= windowStart).Min(l => (DateTime?)l.LinkedAt),
            RecentLinks = withDemand ? db.TicketLinks.Count(l => l.ArticleId == o.Article.Id && l.RemovedAt == null && l.LinkedAt >= demandStart) : 0,
            RecentSearches = withDemand
                ? db.SearchLog.Count(s => (s.OpenedArticleId == o.Article.Id || s.LinkedArticleId == o.Article.Id) && s.OccurredAt >= demandStart)
                : 0,
        });
    }
}
