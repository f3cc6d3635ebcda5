namespace KnowledgeBase.Core.Reports;

/// <summary>
/// The one home of "when is an article's review due": its last review (or, never reviewed, its creation) plus its
/// primary category's review interval. The stale rules judge by it, the stores keep it on the article (shown on the
/// article page), and a category's new interval moves it for that category's articles.
/// </summary>
public static class ReviewSchedule
{
    public static DateTime DueAt(DateTime? lastReviewedAt, DateTime createdAt, int reviewIntervalDays) =>
        (lastReviewedAt ?? createdAt).AddDays(reviewIntervalDays);
}
