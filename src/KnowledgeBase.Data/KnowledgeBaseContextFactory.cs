using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace KnowledgeBase.Data;

/// <summary>
/// Creates a short-lived context per operation for the configured provider (Blazor components and background work
/// must not share one). Consumers depend on <see cref="IDbContextFactory{KnowledgeBaseDbContext}"/> only.
/// </summary>
public sealed class KnowledgeBaseContextFactory : IDbContextFactory<KnowledgeBaseDbContext>, IDisposable
{
    private readonly DbContextOptions<SqliteKnowledgeBaseDbContext>? _sqlite;
    private readonly DbContextOptions<PostgresKnowledgeBaseDbContext>? _postgres;
    private readonly NpgsqlDataSource? _dataSource;

    public KnowledgeBaseContextFactory(DatabaseProvider provider, string connectionString)
    {
        Provider = provider;
        switch (provider)
        {
            case DatabaseProvider.Sqlite:
                _sqlite = new DbContextOptionsBuilder<SqliteKnowledgeBaseDbContext>()
                    .UseSqlite(connectionString, o => o.MigrationsHistoryTable("__EFMigrationsHistory"))
                    .Options;
                break;
            case DatabaseProvider.PostgreSql:
                _dataSource = new NpgsqlDataSourceBuilder(connectionString).Build();
                _postgres = new DbContextOptionsBuilder<PostgresKnowledgeBaseDbContext>()
                    .UseNpgsql(_dataSource)
                    .Options;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(provider), provider, "Database:Provider must be Sqlite or PostgreSql.");
        }
    }

    public DatabaseProvider Provider { get; }

    public KnowledgeBaseDbContext CreateDbContext() => Provider switch
    {
        DatabaseProvider.Sqlite => new SqliteKnowledgeBaseDbContext(_sqlite!),
        _ => new PostgresKnowledgeBaseDbContext(_postgres!),
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
        await db.Database.MigrateAsync(cancellationToken);
    }

    public void Dispose() => _dataSource?.Dispose();
}
