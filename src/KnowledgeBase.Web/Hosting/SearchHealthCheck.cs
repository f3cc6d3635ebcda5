using KnowledgeBase.Search.Sync;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Web.Hosting;

/// <summary>
/// Healthy when the index serves and follows the change log; Degraded while it is missing or being rebuilt, and while
/// it is more than <see cref="SearchOptions.MaxLag"/> changes behind the database (searches then miss recent articles).
/// </summary>
public sealed class SearchHealthCheck(IndexSynchronizer synchronizer, IOptions<SearchOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = synchronizer.Status;
        // Measured now, not as of the sync loop's last round: a probe must see an import that just landed.
        if (status.State == IndexState.Ready) status = await synchronizer.MeasureLagAsync(cancellationToken);
        var maxLag = options.Value.MaxLag;
        var data = new Dictionary<string, object>
        {
            ["state"] = status.State.ToString(),
            ["documents"] = status.Documents,
            ["cursor"] = status.Cursor,
            ["lag"] = status.Lag,
            ["pendingArticles"] = status.PendingArticles,
            ["maxLag"] = maxLag,
        };
        return status.State switch
        {
            IndexState.Ready when status.IsBehind(maxLag) => HealthCheckResult.Degraded(
                $"catching up: {status.Lag} changes behind (more than {maxLag}), {status.PendingArticles} articles not yet searchable", data: data),
            IndexState.Ready => HealthCheckResult.Healthy($"{status.Documents} documents, {status.Lag} changes behind", data),
            IndexState.Rebuilding => HealthCheckResult.Degraded($"rebuilding: {status.RebuildDone}/{status.RebuildTotal} articles ({status.Reason})", data: data),
            _ => HealthCheckResult.Degraded($"search unavailable: {status.Reason ?? "no index yet"}", data: data),
        };
    }
}
