using KnowledgeBase.Core.Articles;
using Microsoft.EntityFrameworkCore;

namespace KnowledgeBase.Data.Articles;

/// <summary>
/// The hottest read (the API's and the site's article page): an article that is not deleted, with its categories and
/// tags, by id. Shared by <see cref="ArticleStore"/> and <see cref="ArticleReads"/> so both pay for one compiled query.
/// </summary>
internal static class LiveArticleLookup
{
    // Compiled once per provider (a compiled query serves one model), and split, because one joined query would sort the
    // article's long columns (body, HTML) once per category × tag row in a temporary B-tree, which cost SQLite ten times
    // the three indexed lookups.
    private static readonly Func<SqliteKnowledgeBaseDbContext, string, CancellationToken, Task<Article?>> FindLiveSqlite = EF.CompileAsyncQuery(
        (SqliteKnowledgeBaseDbContext db, string id, CancellationToken _) => db.Articles.AsNoTracking().Include(a => a.Categories).Include(a => a.Tags)
            .AsSplitQuery().FirstOrDefault(a => a.Id == id && a.DeletedAt == null));

    private static readonly Func<PostgresKnowledgeBaseDbContext, string, CancellationToken, Task<Article?>> FindLivePostgres = EF.CompileAsyncQuery(
        (PostgresKnowledgeBaseDbContext db, string id, CancellationToken _) => db.Articles.AsNoTracking().Include(a => a.Categories).Include(a => a.Tags)
            .AsSplitQuery().FirstOrDefault(a => a.Id == id && a.DeletedAt == null));

    public static Task<Article?> FindAsync(KnowledgeBaseDbContext db, string id, CancellationToken cancellationToken) => db switch
    {
        SqliteKnowledgeBaseDbContext sqlite => FindLiveSqlite(sqlite, id, cancellationToken),
        PostgresKnowledgeBaseDbContext postgres => FindLivePostgres(postgres, id, cancellationToken),
        _ => throw new NotSupportedException($"No article lookup compiled for {db.GetType().Name}."),
    };
}
