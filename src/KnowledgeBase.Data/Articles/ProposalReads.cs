using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Lifecycle;
using Microsoft.EntityFrameworkCore;

namespace KnowledgeBase.Data.Articles;

/// <summary>One proposal in a list: everything but its text, with what lists need of its article.</summary>
public sealed record ProposalListItem(
    long Id, string ArticleId, string ArticleTitle, KcsState ArticleState, Audience ArticleAudience, string ArticleCreatedBy,
    KcsRole ArticleLastAuthorRole, int ArticleVersion, bool ArticleDeleted,
    int BaseVersion, string Title, string Author, KcsRole AuthorRole, string ChangeNote, DateTime CreatedAt,
    ProposalStatus Status, string? DecidedBy, DateTime? DecidedAt, string? DecisionNote, int? AppliedVersion)
{
    public ArticleFacts ArticleFacts => new(ArticleState, ArticleAudience, ArticleCreatedBy, ArticleLastAuthorRole);

    /// <summary>Open, and the article has a newer version than the one the proposal was written on.</summary>
    public bool Outdated => Status == ProposalStatus.Open && !ArticleDeleted && BaseVersion != ArticleVersion;
}

/// <summary>Which proposals to list. <see cref="After"/> pages oldest first; with <see cref="NewestFirst"/> it pages backwards from an id.</summary>
public sealed record ProposalQuery
{
    public string? ArticleId { get; init; }
    public string? Author { get; init; }
    /// <summary>Null or empty: every status.</summary>
    public IReadOnlyCollection<ProposalStatus>? Statuses { get; init; }
    /// <summary>Only proposals whose article has this audience (null: both).</summary>
    public Audience? ArticleAudience { get; init; }
    /// <summary>The id of the last proposal of the previous page (exclusive).</summary>
    public long? After { get; init; }
    public bool NewestFirst { get; init; }
    public int Limit { get; init; } = 50;
}

/// <summary>
/// A proposal with what a reader needs to judge it: the text it was written on (<see cref="Base"/>), its own
/// (<see cref="Proposed"/>), the article as it stands (null when deleted) and, while it is open, the merge that
/// accepting would apply.
/// </summary>
public sealed record ProposalReview(ProposedRevision Proposal, Article? Article, ArticleContent Base, ArticleContent Proposed, ProposalMerge? Merge)
{
    public bool Outdated => Proposal.IsOpen && Article is not null && Article.Version != Proposal.BaseVersion;

    public ArticleFacts? ArticleFacts => Article is null ? null : Core.Lifecycle.ArticleFacts.Of(Article);
}

/// <summary>
/// The read side of proposed revisions for the article page, the proposals list, the review queue and the API.
/// Writes (propose, accept, reject) go through <see cref="ArticleStore"/>; who may see or decide is
/// <see cref="ProposalAccess"/>'s to say.
/// </summary>
public sealed class ProposalReads(IDbContextFactory<KnowledgeBaseDbContext> contextFactory)
{
    public const int MaxLimit = 200;

    public async Task<IReadOnlyList<ProposalListItem>> ListAsync(ProposalQuery query, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var rows = from p in db.ProposedRevisions.AsNoTracking()
                   join a in db.Articles.AsNoTracking() on p.ArticleId equals a.Id
                   select new { p, a };
        if (query.ArticleId is { } articleId) rows = rows.Where(r => r.p.ArticleId == articleId);
        if (query.Author is { } author) rows = rows.Where(r => r.p.Author == author);
        if (query.Statuses is { Count: > 0 } statuses) rows = rows.Where(r => statuses.Contains(r.p.Status));
        if (query.ArticleAudience is { } audience) rows = rows.Where(r => r.a.Audience == audience);
        if (query.After is { } after) rows = query.NewestFirst ? rows.Where(r => r.p.Id < after) : rows.Where(r => r.p.Id > after);
        rows = query.NewestFirst ? rows.OrderByDescending(r => r.p.Id) : rows.OrderBy(r => r.p.Id);
        return await rows.Take(Math.Clamp(query.Limit, 1, MaxLimit))
            .Select(r => new ProposalListItem(r.p.Id, r.p.ArticleId, r.a.Title, r.a.State, r.a.Audience, r.a.CreatedBy, r.a.LastAuthorRole, r.a.Version,
                r.a.DeletedAt != null, r.p.BaseVersion, r.p.Title, r.p.Author, r.p.AuthorRole, r.p.ChangeNote, r.p.CreatedAt, r.p.Status, r.p.DecidedBy,
                r.p.DecidedAt, r.p.DecisionNote, r.p.AppliedVersion))
            .ToListAsync(cancellationToken);
    }

    /// <summary>One proposal with its texts and, while open, the merge accepting it would apply; null when there is none with this id.</summary>
    public async Task<ProposalReview?> ReviewAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var proposal = await db.ProposedRevisions.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (proposal is null) return null;
        var article = await LiveArticleAsync(db, proposal.ArticleId, cancellationToken);
        return await ReviewOfAsync(db, proposal, article, cancellationToken);
    }

    /// <summary>
    /// The proposals of an article for its page: every open one, oldest first (the order they wait in), then the
    /// <paramref name="decided"/> most recently decided.
    /// </summary>
    public async Task<IReadOnlyList<ProposalReview>> ForArticleAsync(string articleId, int decided = 10, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        // Most articles have no proposal: one narrow query answers that, and picks the ones whose text is needed.
        var heads = await db.ProposedRevisions.AsNoTracking().Where(p => p.ArticleId == articleId)
            .Select(p => new { p.Id, p.Status, p.DecidedAt }).ToListAsync(cancellationToken);
        if (heads.Count == 0) return [];
        var openIds = heads.Where(h => h.Status == ProposalStatus.Open).OrderBy(h => h.Id).Select(h => h.Id).ToList();
        var closedIds = heads.Where(h => h.Status != ProposalStatus.Open).OrderByDescending(h => h.DecidedAt).ThenByDescending(h => h.Id)
            .Take(decided).Select(h => h.Id).ToList();
        var wanted = openIds.Concat(closedIds).ToList();
        var loaded = (await db.ProposedRevisions.AsNoTracking().Where(p => wanted.Contains(p.Id)).ToListAsync(cancellationToken)).ToDictionary(p => p.Id);
        var open = openIds.Select(id => loaded[id]).ToList();
        var closed = closedIds.Select(id => loaded[id]).ToList();
        var article = await LiveArticleAsync(db, articleId, cancellationToken);
        var reviews = new List<ProposalReview>(open.Count + closed.Count);
        foreach (var proposal in open.Concat(closed))
            reviews.Add(await ReviewOfAsync(db, proposal, article, cancellationToken));
        return reviews;
    }

    /// <summary>The open proposals of each of these articles, oldest first (for the review queue).</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<ProposalListItem>>> OpenOfArticlesAsync(IReadOnlyCollection<string> articleIds, CancellationToken cancellationToken = default)
    {
        if (articleIds.Count == 0) return new Dictionary<string, IReadOnlyList<ProposalListItem>>();
        var ids = articleIds.Distinct(StringComparer.Ordinal).ToList();
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var rows = await (from p in db.ProposedRevisions.AsNoTracking()
                          join a in db.Articles.AsNoTracking() on p.ArticleId equals a.Id
                          where ids.Contains(p.ArticleId) && p.Status == ProposalStatus.Open
                          orderby p.Id
                          select new ProposalListItem(p.Id, p.ArticleId, a.Title, a.State, a.Audience, a.CreatedBy, a.LastAuthorRole, a.Version,
                              a.DeletedAt != null, p.BaseVersion, p.Title, p.Author, p.AuthorRole, p.ChangeNote, p.CreatedAt, p.Status, p.DecidedBy,
                              p.DecidedAt, p.DecisionNote, p.AppliedVersion)).ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.ArticleId).ToDictionary(g => g.Key, g => (IReadOnlyList<ProposalListItem>)g.ToList());
    }

    /// <summary>How many proposals of the article wait for a decision.</summary>
    public async Task<int> OpenCountAsync(string articleId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.ProposedRevisions.AsNoTracking().CountAsync(p => p.ArticleId == articleId && p.Status == ProposalStatus.Open, cancellationToken);
    }

    /// <summary>The article a proposal belongs to; null when there is no such proposal.</summary>
    public async Task<string?> ArticleIdOfAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.ProposedRevisions.AsNoTracking().Where(p => p.Id == id).Select(p => p.ArticleId).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>How many of an author's proposals are open and how many were decided.</summary>
    public async Task<(int Open, int Decided)> CountsOfAuthorAsync(string author, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var counts = await db.ProposedRevisions.AsNoTracking().Where(p => p.Author == author)
            .GroupBy(p => p.Status).Select(g => new { Status = g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        return (counts.Where(c => c.Status == ProposalStatus.Open).Sum(c => c.Count), counts.Where(c => c.Status != ProposalStatus.Open).Sum(c => c.Count));
    }

    private static Task<Article?> LiveArticleAsync(KnowledgeBaseDbContext db, string id, CancellationToken cancellationToken) =>
        db.Articles.AsNoTracking().Include(a => a.Categories).Include(a => a.Tags).AsSplitQuery()
            .FirstOrDefaultAsync(a => a.Id == id && a.DeletedAt == null, cancellationToken);

    private static async Task<ProposalReview> ReviewOfAsync(KnowledgeBaseDbContext db, ProposedRevision proposal, Article? article, CancellationToken cancellationToken)
    {
        if (proposal.IsOpen && article is not null)
        {
            var merge = await ArticleStore.MergeAsync(db, proposal, article, cancellationToken);
            return new ProposalReview(proposal, article, merge.Base, merge.Proposed, merge);
        }
        var baseRevision = await db.ArticleRevisions.AsNoTracking()
            .FirstOrDefaultAsync(r => r.ArticleId == proposal.ArticleId && r.Version == proposal.BaseVersion, cancellationToken);
        var @base = baseRevision is null ? new ArticleContent(proposal.Title, "", [], []) : ArticleContent.Of(baseRevision);
        return new ProposalReview(proposal, article, @base, ArticleContent.Of(proposal, @base), null);
    }
}
