using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Lifecycle;
using KnowledgeBase.Data;
using KnowledgeBase.Data.Articles;
using Microsoft.EntityFrameworkCore;

namespace KnowledgeBase.Web.Tests.Reports;

/// <summary>Articles made stale on purpose: only "review due" holds, so confirming them takes them out of the queue.</summary>
public static class StaleArticles
{
    /// <summary>
    /// A Validated article in "identity-mfa" (review every 90 days) owned by <paramref name="owner"/> (an account's e-mail or
    /// a team's name; null: the category's owner), created 100 days
    /// ago and never reviewed: review due, but not yet unused (180 days).
    /// </summary>
    public static async Task<string> CreateReviewDueAsync(IDbContextFactory<KnowledgeBaseDbContext> factory, TimeProvider clock, string? owner, string title)
    {
        var store = new ArticleStore(factory, clock);
        var article = await store.CreateAsync(new Actor("test-admin", KcsRole.Admin), null, new ArticleEdit
        {
            Title = title,
            Body = "## Issue\nThe authenticator app shows no prompt.\n\n## Resolution\nRe-register the app.",
            State = KcsState.Validated,
            Categories = ["identity-mfa"],
            Owner = owner,
        });
        var created = clock.GetUtcNow().UtcDateTime.AddDays(-100);
        await using var db = await factory.CreateDbContextAsync();
        await db.Articles.Where(a => a.Id == article.Id).ExecuteUpdateAsync(s => s
            .SetProperty(a => a.CreatedAt, created).SetProperty(a => a.LastReviewedAt, (DateTime?)null).SetProperty(a => a.ReviewDueAt, created.AddDays(90)));
        return article.Id;
    }
}
