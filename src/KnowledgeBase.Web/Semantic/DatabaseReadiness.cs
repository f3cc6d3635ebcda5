using KnowledgeBase.Data;
using Microsoft.EntityFrameworkCore;

namespace KnowledgeBase.Web.Semantic;

/// <summary>Waits until the database answers and has every migration applied (the initializer applies them at start).</summary>
public sealed partial class DatabaseReadiness(KnowledgeBaseContextFactory database, ILogger<DatabaseReadiness> logger)
{
    private volatile bool _ready;

    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        while (!_ready)
        {
            try
            {
                await using var db = database.CreateDbContext();
                if (!(await db.Database.GetPendingMigrationsAsync(cancellationToken)).Any())
                {
                    _ready = true;
                    return;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogWaiting(ex.Message);
            }
            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Waiting for the database: {Reason}")]
    private partial void LogWaiting(string reason);
}
