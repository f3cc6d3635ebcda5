using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Npgsql;

namespace KnowledgeBase.Data;

/// <summary>
/// Creates a short-lived context per operation for the configured provider (Blazor components and background work
/// must not share one). Consumers depend on <see cref="IDbContextFactory{KnowledgeBaseDbContext}"/> only.
/// </summary>
public sealed class KnowledgeBaseContextFactory : IDbContextFactory<KnowledgeBaseDbContext>, IDisposable
{
    // Pooled: building a context (its services, its change tracker) cost more than a simple indexed query; a pooled one
    // is reset on dispose and handed out again.
    private readonly PooledDbContextFactory<SqliteKnowledgeBaseDbContext>? _sqlite;
    private readonly PooledDbContextFactory<PostgresKnowledgeBaseDbContext>? _postgres;
    private readonly NpgsqlDataSource? _dataSource;

    public KnowledgeBaseContextFactory(DatabaseProvider provider, string connectionString)
    {
        Provider = provider;
        switch (provider)
        {
            case DatabaseProvider.Sqlite:
                _sqlite = new PooledDbContextFactory<SqliteKnowledgeBaseDbContext>(new DbContextOptionsBuilder<SqliteKnowledgeBaseDbContext>()
                    .UseSqlite(connectionString, o => o.MigrationsHistoryTable("__EFMigrationsHistory"))
                    .Options);
                break;
            case DatabaseProvider.PostgreSql:
                _dataSource = new NpgsqlDataSourceBuilder(connectionString).Build();
                _postgres = new PooledDbContextFactory<PostgresKnowledgeBaseDbContext>(new DbContextOptionsBuilder<PostgresKnowledgeBaseDbContext>()
                    .UseNpgsql(_dataSource)
                    .Options);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(provider), provider, "Database:Provider must be Sqlite or PostgreSql.");
        }
    }

    public DatabaseProvider Provider { get; }

    public KnowledgeBaseDbContext CreateDbContext() => Provider switch
    {
        DatabaseProvider.Sqlite => _sqlite!.CreateDbContext(),
        _ => _postgres!.CreateDbContext(),
    };

    public Task<KnowledgeBaseDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(CreateDbContext());

    /// <summary>Applies pending migrations; on SQLite also switches the file to WAL so readers never block the writer.</summary>
    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var db = CreateDbContext();
        if (Provider == DatabaseProvider.Sqlite)
        {
            var connection = (SqliteConnection)db.Database.GetDbConnection();
            if (connection.DataSource is { Length: > 0 } file && Path.GetDirectoryName(Path.GetFullPath(file)) is { } folder)
                Directory.CreateDirectory(folder);
            await db.Database.OpenConnectionAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
        if (_dataSource is null)
        {
            await db.Database.MigrateAsync(cancellationToken);
            return;
        }
        // Nodes starting together must not migrate at once (the second one fails with "relation already exists"):
        // a session-level advisory lock on its own connection serializes them; the later ones find nothing to do.
        await using var lockConnection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using (var acquire = new NpgsqlCommand($"SELECT pg_advisory_lock({MigrationLockKey})", lockConnection))
            await acquire.ExecuteNonQueryAsync(cancellationToken);
        try
        {
            await db.Database.MigrateAsync(cancellationToken);
        }
        finally
        {
            await using var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({MigrationLockKey})", lockConnection);
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    /// <summary>An arbitrary, fixed advisory-lock key for "migrating the knowledge base" (the ASCII of "KBMIGRAT").</summary>
    private const long MigrationLockKey = 0x4B424D4947524154;

    /// <summary>
    /// Drops pooled connections after an outage: idle connections to a restarted server are dead, and each would fail
    /// one more request before the pool noticed.
    /// </summary>
    public void ClearPool() => _dataSource?.Clear();

    public void Dispose() => _dataSource?.Dispose();
}
