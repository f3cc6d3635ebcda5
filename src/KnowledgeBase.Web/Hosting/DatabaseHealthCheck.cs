using KnowledgeBase.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace KnowledgeBase.Web.Hosting;

public sealed class DatabaseHealthCheck(KnowledgeBaseContextFactory contextFactory) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
            var articles = await db.Articles.CountAsync(a => a.DeletedAt == null, cancellationToken);
            return HealthCheckResult.Healthy($"{contextFactory.Provider}: {articles} articles",
                new Dictionary<string, object> { ["provider"] = contextFactory.Provider.ToString(), ["articles"] = articles });
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            if (DatabaseFailures.IsUnavailable(ex)) contextFactory.ClearPool();
            return HealthCheckResult.Unhealthy($"{contextFactory.Provider} unreachable: {ex.GetBaseException().Message}", ex);
        }
    }
}
