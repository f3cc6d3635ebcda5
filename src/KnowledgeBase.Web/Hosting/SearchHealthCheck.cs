using KnowledgeBase.Search.Sync;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace KnowledgeBase.Web.Hosting;

/// <summary>Healthy when the index serves and follows the change log; degraded while it is missing or being rebuilt.</summary>
public sealed class SearchHealthCheck(IndexSynchronizer synchronizer) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = synchronizer.Status;
        var data = new Dictionary<string, object>
        {
            ["state"] = status.State.ToString(),
            ["documents"] = status.Documents,
            ["cursor"] = status.Cursor,
            ["lag"] = status.Lag,
        };
        return Task.FromResult(status.State switch
        {
            IndexState.Ready => HealthCheckResult.Healthy($"{status.Documents} documents, {status.Lag} changes behind", data),
            IndexState.Rebuilding => HealthCheckResult.Degraded($"rebuilding: {status.RebuildDone}/{status.RebuildTotal} articles ({status.Reason})", data: data),
            _ => HealthCheckResult.Degraded($"search unavailable: {status.Reason ?? "no index yet"}", data: data),
        });
    }
}
