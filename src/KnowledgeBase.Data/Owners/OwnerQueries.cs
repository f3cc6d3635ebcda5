using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Owners;
using Microsoft.EntityFrameworkCore;

namespace KnowledgeBase.Data.Owners;

/// <summary>
/// The database side of <see cref="AccountableOwner"/>: one query shape that every report, queue, the API and the
/// ledger build on, so "explicit owner, else the primary category's owner now" is written once for SQL too.
/// </summary>
public static class OwnerQueries
{
    /// <summary>
    /// Each article with its primary category, that category's owner and review interval (correlated subqueries the
    /// database answers from the ArticleCategories key). The accountable owner is <c>Article.Owner ?? CategoryOwner</c>.
    /// </summary>
    public static IQueryable<OwnedArticle> Owned(KnowledgeBaseDbContext db, IQueryable<Article> articles) =>
        articles.Select(a => new OwnedArticle
        {
            Article = a,
            PrimaryCategoryId = db.ArticleCategories.Where(c => c.ArticleId == a.Id).OrderBy(c => c.Position).Select(c => c.CategoryId).FirstOrDefault(),
            CategoryOwner = db.ArticleCategories.Where(c => c.ArticleId == a.Id).OrderBy(c => c.Position)
                .Join(db.Categories, ac => ac.CategoryId, c => c.Id, (ac, c) => c.Owner).FirstOrDefault(),
            ReviewIntervalDays = db.ArticleCategories.Where(c => c.ArticleId == a.Id).OrderBy(c => c.Position)
                .Join(db.Categories, ac => ac.CategoryId, c => c.Id, (ac, c) => (int?)c.ReviewIntervalDays).FirstOrDefault(),
        });

    /// <summary>The articles a review scope holds (<see cref="ReviewScope.Holds"/>, as SQL).</summary>
    public static IQueryable<OwnedArticle> InScope(this IQueryable<OwnedArticle> rows, ReviewScope scope)
    {
        var owners = scope.Owners.ToList();
        var domain = scope.DomainCategories.ToList();
        var unowned = scope.IncludesUnowned;
        return rows.Where(o => owners.Contains(o.Article.Owner ?? o.CategoryOwner!)
                               || (unowned && o.Article.Owner == null && o.CategoryOwner == null)
                               || domain.Contains(o.PrimaryCategoryId!));
    }

    /// <summary>The accountable owner of one article now (null: unowned or no such article).</summary>
    public static Task<string?> AccountableOwnerAsync(KnowledgeBaseDbContext db, string articleId, CancellationToken cancellationToken) =>
        Owned(db, db.Articles.Where(a => a.Id == articleId)).Select(o => o.Article.Owner ?? o.CategoryOwner).FirstOrDefaultAsync(cancellationToken);

    /// <summary>
    /// Every owner reference that stands for the account named <paramref name="userName"/>: its own, its teams', and its
    /// user name and e-mail as unclaimed names (an unclaimed "dana@example.com" is plainly Dana's).
    /// </summary>
    public static async Task<IReadOnlyList<string>> RefsOfUserAsync(KnowledgeBaseDbContext db, string userName, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking().Where(u => u.UserName == userName)
            .Select(u => new { u.Id, u.UserName, u.Email }).FirstOrDefaultAsync(cancellationToken);
        if (user is null) return [userName];
        var teams = await db.TeamMembers.AsNoTracking().Where(m => m.UserId == user.Id).Select(m => m.TeamId).ToListAsync(cancellationToken);
        var refs = new List<string> { OwnerRef.User(user.Id).ToString() };
        refs.AddRange(teams.Select(t => OwnerRef.Team(t).ToString()));
        if (!string.IsNullOrEmpty(user.UserName)) refs.Add(user.UserName);
        if (!string.IsNullOrEmpty(user.Email) && !string.Equals(user.Email, user.UserName, StringComparison.Ordinal)) refs.Add(user.Email);
        return refs;
    }
}
