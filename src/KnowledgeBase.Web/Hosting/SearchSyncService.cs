using KnowledgeBase.Search.Sync;

namespace KnowledgeBase.Web.Hosting;

/// <summary>Runs the index synchronizer for the site's lifetime, and picks up edits of the synonyms file.</summary>
public sealed class SearchSyncService(IndexSynchronizer synchronizer, SearchIndexHost host, SynonymsFile synonyms) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var synonymsTimer = new Timer(_ =>
        {
            if (synonyms.Refresh()) host.ReloadSynonyms();
        }, null, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2));
        // Off the startup path: the site answers (search degraded) while a first rebuild runs.
        await Task.Yield();
        await synchronizer.RunAsync(stoppingToken);
    }
}
