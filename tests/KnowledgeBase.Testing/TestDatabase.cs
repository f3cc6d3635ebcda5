using KnowledgeBase.Data;

namespace KnowledgeBase.Testing;

/// <summary>A fresh, migrated database of one provider for one test class.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string? _sqliteFolder;

    private TestDatabase(KnowledgeBaseContextFactory factory, string connectionString, string? sqliteFolder)
    {
        Factory = factory;
        ConnectionString = connectionString;
        _sqliteFolder = sqliteFolder;
    }

    public KnowledgeBaseContextFactory Factory { get; }
    public string ConnectionString { get; }
    public DatabaseProvider Provider => Factory.Provider;

    public static async Task<TestDatabase> CreateSqliteAsync()
    {
        var folder = Directory.CreateTempSubdirectory("kb-sqlite-").FullName;
        var connectionString = $"Data Source={Path.Combine(folder, "test.db")}";
        var factory = new KnowledgeBaseContextFactory(DatabaseProvider.Sqlite, connectionString);
        await factory.MigrateAsync();
        return new TestDatabase(factory, connectionString, folder);
    }

    public static async Task<TestDatabase> CreatePostgresAsync(PostgresServer server)
    {
        var connectionString = await server.CreateDatabaseAsync();
        var factory = new KnowledgeBaseContextFactory(DatabaseProvider.PostgreSql, connectionString);
        await factory.MigrateAsync();
        return new TestDatabase(factory, connectionString, null);
    }

    public ValueTask DisposeAsync()
    {
        Factory.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_sqliteFolder is not null)
        {
            try { Directory.Delete(_sqliteFolder, recursive: true); } catch (IOException) { }
        }
        return ValueTask.CompletedTask;
    }
}
