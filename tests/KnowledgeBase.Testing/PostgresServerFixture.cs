using Xunit;

namespace KnowledgeBase.Testing;

/// <summary>One PostgreSQL server per test assembly collection; see <see cref="PostgresServer"/>.</summary>
public sealed class PostgresServerFixture : IAsyncLifetime
{
    private PostgresServer? _server;

    public PostgresServer Server => _server ?? throw new InvalidOperationException("The PostgreSQL server has not started.");

    public async Task InitializeAsync() => _server = await PostgresServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }
}

/// <summary>The collection name; each test assembly declares <c>[CollectionDefinition(PostgresCollection.Name)]</c> itself (xUnit requires it there).</summary>
public static class PostgresCollection
{
    public const string Name = "PostgreSQL";
}
