using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Audit;
using KnowledgeBase.Core.Categories;
using KnowledgeBase.Core.Lifecycle;
using KnowledgeBase.Core.Reports;
using Microsoft.EntityFrameworkCore;

namespace KnowledgeBase.Data.Articles;

/// <summary>Reviews are article writes too: the store is their one writer (last reviewed, review due, the audit row).</summary>
public sealed partial class ArticleStore
{
    /// <summary>Records that the article is still accurate: a review, which moves its review due date.</summary>
    public async Task<Article> ConfirmReviewedAsync(Actor actor, string id, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var article = await db.Articles.Include(a => a.Categories).Include(a => a.Tags)
            .FirstOrDefaultAsync(a => a.Id == id && a.DeletedAt == null, cancellationToken) ?? throw new ArticleNotFoundException(id);
        var decision = ArticleLifecycle.DecideReview(actor, ArticleFacts.Of(article));
        if (!decision.IsAllowed) throw new ArticleForbiddenException(decision.Reason);
        var now = clock.GetUtcNow().UtcDateTime;
        article.LastReviewedAt = now;
        article.LastReviewedBy = actor.Name;
        article.ReviewDueAt = ReviewSchedule.DueAt(now, article.CreatedAt, await IntervalAsync(db, article.PrimaryCategoryId, cancellationToken));
        Audit(db, actor, AuditActions.ArticleReviewed, id, "confirmed still accurate", now);
        await db.SaveChangesAsync(cancellationToken);
        return article;
    }

    /// <summary>
    /// Records a review inside a caller's transaction, with the same effect as <see cref="ConfirmReviewedAsync"/> (last
    /// reviewed, review due from the primary category's interval, an audit row) — for the still-accurate link and the
    /// bulk confirm, which must commit together with their other rows. The caller has decided the actor may review.
    /// The update bypasses the version token on purpose: a review is not an edit and must not make a concurrent
    /// editor's save fail.
    /// </summary>
    internal static async Task RecordReviewAsync(KnowledgeBaseDbContext db, Actor actor, string articleId, DateTime now, string details, CancellationToken cancellationToken)
    {
        var interval = await db.ArticleCategories.Where(c => c.ArticleId == articleId).OrderBy(c => c.Position)
            .Join(db.Categories, ac => ac.CategoryId, c => c.Id, (ac, c) => (int?)c.ReviewIntervalDays)
            .FirstOrDefaultAsync(cancellationToken) ?? TicketCategory.DefaultReviewIntervalDays;
        var due = ReviewSchedule.DueAt(now, now, interval);
        await db.Articles.Where(a => a.Id == articleId).ExecuteUpdateAsync(s => s
            .SetProperty(a => a.LastReviewedAt, now)
            .SetProperty(a => a.LastReviewedBy, actor.Name)
            .SetProperty(a => a.ReviewDueAt, due), cancellationToken);
        Audit(db, actor, AuditActions.ArticleReviewed, articleId, details, now);
    }
}
