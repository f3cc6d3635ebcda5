using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Categories;
using KnowledgeBase.Core.Changes;
using KnowledgeBase.Core.Lifecycle;
using KnowledgeBase.Data.Indexing;
using KnowledgeBase.Data;
using KnowledgeBase.Data.Articles;
using KnowledgeBase.Search.Sync;
using KnowledgeBase.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace KnowledgeBase.Search.Tests.Sync;

/// <summary>The index is derived from the database: it follows the change log, survives restarts and rebuilds itself.</summary>
public sealed class IndexSyncTests : IAsyncLifetime
{
    private static readonly Actor Writer = new("casey", KcsRole.KnowledgeDomainExpert);
    private readonly string _indexRoot = Directory.CreateTempSubdirectory("kb-index-").FullName;
    private readonly ChangeSignal _signal = new();
    private TestDatabase _database = null!;
    private ArticleStore _store = null!;
    private SearchIndexHost? _host;
    private IndexSynchronizer? _sync;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateSqliteAsync();
        _store = new ArticleStore(_database.Factory, TimeProvider.System, _signal);
        await using var db = _database.Factory.CreateDbContext();
        db.Categories.Add(new TicketCategory { Id = "network-vpn", Name = "VPN", Owner = "ana" });
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync()
    {
        _host?.Dispose();
        await _database.DisposeAsync();
        Directory.Delete(_indexRoot, recursive: true);
    }

    private IndexSynchronizer StartNode(TimeSpan? pollInterval = null)
    {
        _host?.Dispose();
        _host = new SearchIndexHost(_indexRoot, () => SynonymSet.Empty);
        _sync = new IndexSynchronizer(_host, new ArticleChangeFeed(_database.Factory), _signal, TimeProvider.System, NullLogger<IndexSynchronizer>.Instance)
        {
            PollInterval = pollInterval ?? TimeSpan.FromMilliseconds(500),
        };
        return _sync;
    }

    private void StopNode()
    {
        _host?.Dispose();
        _host = null;
    }

    private Task<Article> SaveAsync(string id, string title, string body = "## Issue\nThe tunnel drops.\n\n## Resolution\nRenew the certificate.") =>
        _store.CreateAsync(Writer, id, new ArticleEdit { Title = title, Body = body, State = KcsState.Validated, Categories = ["network-vpn"] });

    private IReadOnlyList<string> Find(string query) =>
        _host!.Service!.Search(new SearchRequest { Query = query, Limit = 20, Facets = false, Snippets = false }).Hits.Select(h => h.Id).ToList();

    [Fact]
    public async Task A_saved_article_is_findable_after_the_next_sync_round()
    {
        var sync = StartNode();
        await sync.SyncOnceAsync();
        await SaveAsync("kb-vpn", "VPN error 809 on hotel Wi-Fi");

        await sync.SyncOnceAsync();

        Assert.Equal(["kb-vpn"], Find("error 809"));
        var hit = _host!.Service!.Search(new SearchRequest { Query = "809" }).Hits.Single();
        Assert.Equal("ana", hit.Owner);
        Assert.Equal(IndexState.Ready, sync.Status.State);
        Assert.Equal(0, sync.Status.Lag);
    }

    [Fact]
    public async Task The_status_counts_the_changes_and_articles_not_yet_searchable_until_the_index_catches_up()
    {
        var sync = StartNode();
        await sync.SyncOnceAsync();
        for (var i = 0; i < 12; i++) await SaveAsync($"kb-bulk-{i}", $"Imported article {i}");
        var first = await _store.FindAsync("kb-bulk-0");
        await _store.UpdateAsync(Writer, "kb-bulk-0", first!.Version, new ArticleEdit { Title = "Imported article 0, edited", Body = first.Body, State = KcsState.Validated, Categories = ["network-vpn"] });

        var behind = await sync.MeasureLagAsync();

        Assert.Equal(13, behind.Lag);
        Assert.Equal(12, behind.PendingArticles);
        Assert.True(behind.IsBehind(10));
        Assert.False(behind.IsBehind(13));
        Assert.Equal(behind, sync.Status);

        await sync.SyncOnceAsync();
        Assert.Equal((0L, 0), (sync.Status.Lag, sync.Status.PendingArticles));
        Assert.False(sync.Status.IsBehind(0));
        Assert.Equal(12, Find("imported article").Count);
    }

    [Fact]
    public async Task The_running_synchronizer_picks_up_a_local_save_without_polling_delay()
    {
        // Polling alone would take an hour: only the save's signal can make the article findable within the wait.
        var sync = StartNode(pollInterval: TimeSpan.FromHours(1));
        using var stop = new CancellationTokenSource();
        var loop = Task.Run(() => sync.RunAsync(stop.Token));
        try
        {
            await WaitUntilAsync(() => sync.Status.State == IndexState.Ready);
            await SaveAsync("kb-live", "Printer spooler service stops when printing PDFs");
            await WaitUntilAsync(() => Find("spooler").Contains("kb-live"));
        }
        finally
        {
            stop.Cancel();
            await loop;
        }
    }

    [Fact]
    public async Task A_restarted_node_catches_up_from_its_stored_cursor_without_rebuilding()
    {
        var sync = StartNode();
        await SaveAsync("kb-1", "VPN error 809 on hotel Wi-Fi");
        await sync.SyncOnceAsync();
        var generation = File.ReadAllText(Path.Combine(_indexRoot, "CURRENT"));
        StopNode();

        await SaveAsync("kb-2", "VPN error 691 after a password change");
        await _store.DeleteAsync(Writer, "kb-1", 1);

        var restarted = StartNode();
        Assert.NotNull(_host!.Service);
        await restarted.SyncOnceAsync();

        Assert.Equal(generation, File.ReadAllText(Path.Combine(_indexRoot, "CURRENT")));
        Assert.Equal(["kb-2"], Find("vpn error"));
    }

    [Fact]
    public async Task A_change_committed_late_with_a_lower_sequence_is_still_indexed()
    {
        var sync = StartNode();
        for (var i = 1; i <= 5; i++) await SaveAsync($"kb-{i}", $"Mapped drive {i} disconnects");
        await sync.SyncOnceAsync();
        Assert.Equal(5, sync.Status.Cursor);

        // Two concurrent transactions: the one holding sequence 6 commits after the one holding 7 was already synced.
        await AddWithSequenceAsync(7, "kb-early", "Early committer about Outlook safe mode");
        await sync.SyncOnceAsync();
        Assert.Equal(7, sync.Status.Cursor);
        await AddWithSequenceAsync(6, "kb-late", "Late committer about BitLocker recovery");

        await sync.SyncOnceAsync();

        Assert.Equal(["kb-late"], Find("bitlocker recovery"));
    }

    [Fact]
    public async Task A_deleted_index_folder_is_rebuilt_from_the_database()
    {
        var sync = StartNode();
        await SaveAsync("kb-1", "Teams camera not detected after an update");
        await sync.SyncOnceAsync();
        StopNode();
        Directory.Delete(_indexRoot, recursive: true);

        var restarted = StartNode();
        Assert.Null(_host!.Service);
        Assert.Equal(IndexState.Unavailable, restarted.Status.State);
        await restarted.SyncOnceAsync();

        Assert.Equal(["kb-1"], Find("teams camera"));
        Assert.Equal(IndexState.Ready, restarted.Status.State);
    }

    [Fact]
    public async Task An_index_folder_deleted_while_the_node_runs_keeps_serving_and_is_rebuilt_in_the_next_round()
    {
        var sync = StartNode();
        await SaveAsync("kb-1", "Teams camera not detected after an update");
        await sync.SyncOnceAsync();
        var before = _host!.Index!;
        Directory.Delete(_indexRoot, recursive: true);

        // The open readers still answer from their file handles.
        Assert.Equal(["kb-1"], Find("teams camera"));
        await SaveAsync("kb-2", "Teams camera black in meetings");
        await sync.SyncOnceAsync();

        Assert.NotSame(before, _host.Index);
        Assert.True(_host.CurrentFolderIntact());
        Assert.Equal(["kb-1", "kb-2"], Find("teams camera").Order());
        Assert.Equal(new Dictionary<string, int> { ["kb-1"] = 1, ["kb-2"] = 1 }, _host.Index!.DocumentVersions());
        Assert.Equal(IndexState.Ready, sync.Status.State);
        StopNode();
        Assert.Equal(["kb-1", "kb-2"], Find2());

        IReadOnlyList<string> Find2()
        {
            StartNode();
            return Find("teams camera").Order().ToList();
        }
    }

    [Fact]
    public async Task A_corrupt_index_is_reported_and_rebuilt_from_the_database()
    {
        var sync = StartNode();
        await SaveAsync("kb-1", "OneDrive sync stuck on processing changes");
        await sync.SyncOnceAsync();
        StopNode();
        var generation = Path.Combine(_indexRoot, File.ReadAllText(Path.Combine(_indexRoot, "CURRENT")));
        foreach (var file in Directory.GetFiles(generation, "segments*")) File.WriteAllBytes(file, [1, 2, 3, 4, 5, 6, 7, 8]);

        var restarted = StartNode();
        Assert.Null(_host!.Service);
        Assert.Contains("could not be opened", restarted.Status.Reason);
        await restarted.SyncOnceAsync();

        Assert.Equal(["kb-1"], Find("onedrive processing changes"));
    }

    [Fact]
    public async Task An_index_ahead_of_the_database_is_rebuilt_to_match_it()
    {
        var sync = StartNode();
        await SaveAsync("kb-1", "DNS cache shows an old address");
        await sync.SyncOnceAsync();
        _host!.Index!.Commit(new Dictionary<string, string> { [IndexSynchronizer.CursorKey] = "999", [IndexSynchronizer.FormatKey] = IndexSynchronizer.IndexFormat });
        StopNode();

        var restarted = StartNode();
        await restarted.SyncOnceAsync();
        await restarted.SyncOnceAsync();

        Assert.Equal(1, restarted.Status.Cursor);
        Assert.Equal(["kb-1"], Find("dns cache"));
    }

    [Fact]
    public async Task Archived_and_deleted_articles_leave_default_search_results()
    {
        var sync = StartNode();
        await SaveAsync("kb-a", "Wi-Fi drops every ten minutes on the third floor");
        await SaveAsync("kb-d", "Wi-Fi certificate prompt on every connection");
        await sync.SyncOnceAsync();
        Assert.Equal(2, Find("wi-fi").Count);

        var archived = await _store.FindAsync("kb-a");
        await _store.UpdateAsync(Writer, "kb-a", 1, new ArticleEdit { Title = archived!.Title, Body = archived.Body, State = KcsState.Archived, Categories = ["network-vpn"] });
        await _store.DeleteAsync(Writer, "kb-d", 1);
        await sync.SyncOnceAsync();

        Assert.Empty(Find("wi-fi"));
        Assert.Equal(["kb-a"], _host!.Service!.Search(new SearchRequest { Query = "wi-fi", States = [KcsState.Archived] }).Hits.Select(h => h.Id));
    }

    private async Task AddWithSequenceAsync(long sequence, string id, string title)
    {
        await using var db = _database.Factory.CreateDbContext();
        var now = DateTime.UtcNow;
        db.Articles.Add(new Article { Id = id, Title = title, Body = title, Html = "", Version = 1, State = KcsState.Validated, CreatedAt = now, UpdatedAt = now });
        db.ChangeLog.Add(new ChangeLogEntry { Sequence = sequence, ArticleId = id, Version = 1, Type = ChangeType.Created, State = KcsState.Validated, Audience = Audience.Internal, OccurredAt = now });
        await db.SaveChangesAsync();
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }
}
