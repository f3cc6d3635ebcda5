using KnowledgeBase.Data;
using KnowledgeBase.Data.Cluster;
using KnowledgeBase.Data.Import;
using KnowledgeBase.Web.Cluster;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Web.Hosting;

/// <summary>
/// At start: applies migrations (EF Core takes a database-wide migration lock, so nodes starting together migrate once),
/// and imports the starter content when the database has no articles yet — on one node only: the others wait for the
/// <see cref="LeaseNames.StartupImport"/> lease, then find the articles there.
/// </summary>
public sealed partial class DatabaseInitializer(
    KnowledgeBaseContextFactory contextFactory,
    IServiceProvider services,
    KnowledgeBasePaths paths,
    IOptions<ContentOptions> content,
    LeaseStore leases,
    NodeIdentity node,
    ILogger<DatabaseInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await contextFactory.MigrateAsync(cancellationToken);
        LogMigrated(contextFactory.Provider);
        if (!content.Value.ImportOnStart || await HasArticlesAsync(cancellationToken)) return;
        if (paths.ContentDirectory is null)
        {
            LogNoContent();
            return;
        }
        while (!await leases.RunExclusiveAsync(LeaseNames.StartupImport, node.Id, node.LeaseDuration, ImportIfEmptyAsync, cancellationToken))
        {
            LogWaitingForImport();
            await Task.Delay(node.LeaseDuration / 3, cancellationToken);
        }
    }

    private async Task ImportIfEmptyAsync(CancellationToken cancellationToken)
    {
        // Another node may have imported while this one waited for the lease.
        if (await HasArticlesAsync(cancellationToken)) return;
        var importer = services.GetRequiredService<ContentImporter>();
        await importer.ImportAsync(paths.ContentDirectory!, cancellationToken: cancellationToken);
    }

    private async Task<bool> HasArticlesAsync(CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Articles.AnyAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Database ready ({Provider})")]
    private partial void LogMigrated(DatabaseProvider provider);

    [LoggerMessage(Level = LogLevel.Information, Message = "Another node is importing the starter content; waiting for it")]
    private partial void LogWaitingForImport();

    [LoggerMessage(Level = LogLevel.Warning, Message = "The database is empty and no content folder was found; set Content:Path to import starter content")]
    private partial void LogNoContent();
}
