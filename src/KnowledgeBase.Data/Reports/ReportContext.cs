using Microsoft.EntityFrameworkCore;

namespace KnowledgeBase.Data.Reports;

/// <summary>A database context for the aggregate queries of the reports.</summary>
internal static class ReportContext
{
    /// <summary>
    /// On PostgreSQL the connection is opened with JIT compilation off: the correlated EXISTS of the report queries
    /// make the planner's cost estimates large enough to trigger JIT, which then spent about 0.7 s compiling a query
    /// that runs in 0.3 s (EXPLAIN ANALYZE with 100k tickets). The setting lives for this connection only (Npgsql
    /// resets session state when the connection goes back to the pool).
    /// </summary>
    public static async Task<KnowledgeBaseDbContext> CreateAsync(IDbContextFactory<KnowledgeBaseDbContext> contextFactory, CancellationToken cancellationToken)
    {
        var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (db.Database.IsNpgsql())
        {
            try
            {
                await db.Database.OpenConnectionAsync(cancellationToken);
                await db.Database.ExecuteSqlRawAsync("SET jit = off", cancellationToken);
            }
            catch
            {
                await db.DisposeAsync();
                throw;
            }
        }
        return db;
    }
}
