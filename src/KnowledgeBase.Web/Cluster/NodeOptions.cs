namespace KnowledgeBase.Web.Cluster;

/// <summary>Node:* — this process's identity in a cluster and how long its leases last.</summary>
public sealed class NodeOptions
{
    /// <summary>Unique per running node; empty: the machine name and the process id.</summary>
    public string Id { get; set; } = "";

    /// <summary>How long a lease lasts without renewal (renewed every third of it): how soon another node takes over work of a dead one.</summary>
    public double LeaseSeconds { get; set; } = 15;
}
