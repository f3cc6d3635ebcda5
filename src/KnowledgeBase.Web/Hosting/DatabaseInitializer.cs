using KnowledgeBase.Data;
using KnowledgeBase.Data.Import;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Web.Hosting;

/// <summary>At start: applies migrations, and imports the starter content when the database has no articles yet.</summary>
public sealed partial class DatabaseInitializer(
    KnowledgeBaseContextFactory contextFactory,
    IServiceProvider services,
    KnowledgeBasePaths paths,
    IOptions<ContentOptions> content,
    ILogger<DatabaseInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await contextFactory.MigrateAsync(cancellationToken);
        LogMigrated(contextFactory.Provider);
        if (!content.Value.ImportOnStart) return;

        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            if (await db.Articles.AnyAsync(cancellationToken)) return;
        }
        if (paths.ContentDirectory is null)
        {
            LogNoContent();
            return;
        }
        var importer = services.GetRequiredService<ContentImporter>();
        await importer.ImportAsync(paths.ContentDirectory, cancellationToken: cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Database ready ({Provider})")]
    private partial void LogMigrated(DatabaseProvider provider);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The database is empty and no content folder was found; set Content:Path to import starter content")]
    private partial void LogNoContent();
}
