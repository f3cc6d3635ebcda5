using Microsoft.Extensions.Options;

namespace KnowledgeBase.Web.Cluster;

/// <summary>Who this node is (lease holder, webhook claims, logs and metrics).</summary>
public sealed class NodeIdentity(IOptions<NodeOptions> options)
{
    public string Id { get; } = string.IsNullOrWhiteSpace(options.Value.Id)
        ? $"{Environment.MachineName}-{Environment.ProcessId}"
        : options.Value.Id.Trim();

    public TimeSpan LeaseDuration { get; } = TimeSpan.FromSeconds(Math.Max(1, options.Value.LeaseSeconds));
}
