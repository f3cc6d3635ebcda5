using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Reports;
using KnowledgeBase.Core.Tickets;
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
    /// Stale articles of <paramref name="owner"/> (explicit owner, else primary category's owner, now) or of everyone,
    /// oldest first.
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

    /// <summary>One row per live (not deleted) article, aggregates as correlated subqueries served by the ledger's indexes.</summary>
    internal static IQueryable<ArticleStaleRow> Rows(KnowledgeBaseDbContext db, DateTime now, StaleOptions options, string? owner, bool withDemand = false)
    {
        var windowStart = now.AddDays(-options.EffectivenessWindowDays);
        var demandStart = now.AddDays(-DemandDays);
        var rows = db.Articles.Where(a => a.DeletedAt == null).Select(a => new ArticleStaleRow
        {
            Id = a.Id,
            Title = a.Title,
            State = a.State,
            Version = a.Version,
            CreatedAt = a.CreatedAt,
            LastReviewedAt = a.LastReviewedAt,
            ExplicitOwner = a.Owner,
            PrimaryCategoryId = db.ArticleCategories.Where(c => c.ArticleId == a.Id).OrderBy(c => c.Position).Select(c => c.CategoryId).FirstOrDefault(),
            CategoryOwner = db.ArticleCategories.Where(c => c.ArticleId == a.Id).OrderBy(c => c.Position)
                .Join(db.Categories, ac => ac.CategoryId, c => c.Id, (ac, c) => c.Owner).FirstOrDefault(),
            ReviewIntervalDays = db.ArticleCategories.Where(c => c.ArticleId == a.Id).OrderBy(c => c.Position)
                .Join(db.Categories, ac => ac.CategoryId, c => c.Id, (ac, c) => (int?)c.ReviewIntervalDays).FirstOrDefault(),
            LastLinkedAt = db.TicketLinks.Where(l => l.ArticleId == a.Id && l.RemovedAt == null).Max(l => (DateTime?)l.LinkedAt),
            OldestOpenFlagAt = db.ArticleFlags.Where(f => f.ArticleId == a.Id && f.ResolvedAt == null).Min(f => (DateTime?)f.RaisedAt),
            OpenFlags = db.ArticleFlags.Count(f => f.ArticleId == a.Id && f.ResolvedAt == null),
            OldestOpenProposalAt = withDemand ? db.ProposedRevisions.Where(p => p.ArticleId == a.Id && p.Status == ProposalStatus.Open).Min(p => (DateTime?)p.CreatedAt) : null,
            OpenProposals = withDemand ? db.ProposedRevisions.Count(p => p.ArticleId == a.Id && p.Status == ProposalStatus.Open) : 0,
            WindowLinks = db.TicketLinks.Count(l => l.ArticleId == a.Id && l.RemovedAt == null && l.LinkedAt >= windowStart),
            WindowResolvedLinks = db.TicketLinks.Count(l => l.ArticleId == a.Id && l.RemovedAt == null && l.LinkedAt >= windowStart && l.Type == LinkType.Resolved),
            WindowFirstLinkAt = db.TicketLinks.Where(l => l.ArticleId == a.Id && l.RemovedAt == null && l.LinkedAt >= windowStart).Min(l => (DateTime?)l.LinkedAt),
            RecentLinks = withDemand ? db.TicketLinks.Count(l => l.ArticleId == a.Id && l.RemovedAt == null && l.LinkedAt >= demandStart) : 0,
            RecentSearches = withDemand
                ? db.SearchLog.Count(s => (s.OpenedArticleId == a.Id || s.LinkedArticleId == a.Id) && s.OccurredAt >= demandStart)
                : 0,
        });
        return owner is null ? rows : rows.Where(r => (r.ExplicitOwner ?? r.CategoryOwner) == owner);
    }
}
