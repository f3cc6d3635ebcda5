using KnowledgeBase.Core.Reports;
using Microsoft.EntityFrameworkCore;

namespace KnowledgeBase.Data.Categories;

/// <summary>
/// Keeps each article's stored review-due date (<see cref="ReviewSchedule"/>) true when its primary category's review
/// interval changes: one statement for the category's articles, in the caller's transaction.
/// </summary>
internal static class ReviewDueRefresh
{
    public static Task<int> ForCategoryAsync(KnowledgeBaseDbContext db, string categoryId, int reviewIntervalDays, CancellationToken cancellationToken) =>
        db.Articles
            .Where(a => db.ArticleCategories.Where(c => c.ArticleId == a.Id).OrderBy(c => c.Position).Select(c => c.CategoryId).FirstOrDefault() == categoryId)
            // ReviewSchedule.DueAt, in SQL: (last review, else creation) + the interval.
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.ReviewDueAt, a => (a.LastReviewedAt ?? a.CreatedAt).AddDays(reviewIntervalDays)), cancellationToken);
}
