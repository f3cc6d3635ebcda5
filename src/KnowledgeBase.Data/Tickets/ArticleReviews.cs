using KnowledgeBase.Core.Audit;
using KnowledgeBase.Core.Categories;
using KnowledgeBase.Core.Lifecycle;
using KnowledgeBase.Core.Reports;
using Microsoft.EntityFrameworkCore;

namespace KnowledgeBase.Data.Tickets;

/// <summary>
/// Records a review inside a caller's transaction, with the same effect as ArticleStore.ConfirmReviewedAsync (last
/// reviewed, review due from the primary category's interval, an audit row) — for the still-accurate link and the
/// bulk confirm, which must commit together with their other rows. The update bypasses the version token on purpose:
/// a review is not an edit and must not make a concurrent editor's save fail.
/// </summary>
internal static class ArticleReviews
{
    public static async Task RecordAsync(KnowledgeBaseDbContext db, Actor actor, string articleId, DateTime now, string details, CancellationToken cancellationToken)
    {
        var interval = await db.ArticleCategories.Where(c => c.ArticleId == articleId).OrderBy(c => c.Position)
            .Join(db.Categories, ac => ac.CategoryId, c => c.Id, (ac, c) => (int?)c.ReviewIntervalDays)
            .FirstOrDefaultAsync(cancellationToken) ?? TicketCategory.DefaultReviewIntervalDays;
        var due = ReviewSchedule.DueAt(now, now, interval);
        await db.Articles.Where(a => a.Id == articleId).ExecuteUpdateAsync(s => s
            .SetProperty(a => a.LastReviewedAt, now)
            .SetProperty(a => a.LastReviewedBy, actor.Name)
            .SetProperty(a => a.ReviewDueAt, due), cancellationToken);
        db.AuditTrail.Add(AuditEntry.Create(now, actor.Name, AuditActions.ArticleReviewed, articleId, details));
    }
}
