namespace KnowledgeBase.Core.Cluster;

/// <summary>
/// A named right to do one piece of background work (webhook delivery, the first-start import) on one node of the
/// cluster at a time. The holder renews it before <see cref="ExpiresAt"/>; when the holder dies, the lease expires and
/// another node takes it over. <see cref="Generation"/> goes up each time the lease changes hands.
/// </summary>
public sealed class Lease
{
    public required string Name { get; init; }
    /// <summary>The node id (<c>Node:Id</c>) of the holder.</summary>
    public required string Holder { get; set; }
    /// <summary>UTC. After this instant any node may take the lease.</summary>
    public DateTime ExpiresAt { get; set; }
    /// <summary>UTC. When the current holder took it.</summary>
    public DateTime AcquiredAt { get; set; }
    public long Generation { get; set; }
}
