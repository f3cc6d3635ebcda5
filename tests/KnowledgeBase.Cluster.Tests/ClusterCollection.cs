using KnowledgeBase.Testing;

namespace KnowledgeBase.Cluster.Tests;

/// <summary>
/// Every cluster test runs in this one collection, one at a time (each drives real node processes, and the machine has
/// two cores), on one cluster: a PostgreSQL server and two nodes started together on an empty database. Starting
/// nodes is the slow part, so the tests share them; a test that stops, kills or restarts something brings it back
/// before it ends (<see cref="ClusterFixture.EnsureRunningAsync"/> also runs before each test).
/// </summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "Cluster";
}

public sealed class ClusterFixture : IAsyncLifetime
{
    private PostgresServer? _server;
    private TestCluster? _cluster;

    public PostgresServer Server => _server ?? throw new InvalidOperationException("PostgreSQL has not started.");
    public TestCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster has not started.");

    public async Task InitializeAsync()
    {
        _server = await PostgresServer.StartAsync();
        _cluster = await TestCluster.StartPostgresAsync(_server);
    }

    /// <summary>Starts any node a previous test left stopped or killed, and waits until every index is caught up.</summary>
    public async Task<TestCluster> EnsureRunningAsync()
    {
        foreach (var node in Cluster.Nodes.Where(n => !n.IsRunning)) await node.StartAsync();
        await Task.WhenAll(Cluster.Nodes.Select(n => n.WaitForSearchReadyAsync()));
        return Cluster;
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null) await _cluster.DisposeAsync();
        if (_server is not null) await _server.DisposeAsync();
    }
}
