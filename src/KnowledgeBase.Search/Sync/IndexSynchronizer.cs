using System.Globalization;
using KnowledgeBase.Core.Changes;
using Microsoft.Extensions.Logging;

namespace KnowledgeBase.Search.Sync;

/// <summary>
/// Keeps this node's index derived from the database. It follows the <see cref="IArticleChangeFeed"/> (the change log)
/// with a cursor stored in the index's commit data, catches up at start, re-scans a window behind the cursor (a sequence can commit out of order under
/// concurrent transactions), and rebuilds aside — while the old index serves — when the index is missing, corrupt, of
/// an older format, or ahead of the database.
/// </summary>
public sealed partial class IndexSynchronizer(
    SearchIndexHost host,
    IArticleChangeFeed feed,
    ChangeSignal signal,
    TimeProvider clock,
    ILogger<IndexSynchronizer> logger)
{
    /// <summary>Bump when analysis or fields change: every node then rebuilds its index once.</summary>
    // kb-index-6: client keys (client_dv) and names; an index without them would show every client's article as global.
    public const string IndexFormat = "kb-index-6";
    public const string CursorKey = "changelog.cursor";
    public const string FormatKey = "index.format";

    /// <summary>How many sequences behind the cursor are re-read for late commits.</summary>
    public int RescanWindow { get; init; } = 500;
    public int BatchSize { get; init; } = 500;
    /// <summary>How long to wait for a local change before polling the database for other nodes' changes.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(500);
    public TimeSpan CommitInterval { get; init; } = TimeSpan.FromSeconds(2);

    private readonly HashSet<long> _applied = [];
    private long _cursor;
    private long _latest;
    private DateTime _lastCommit;
    private DateTime? _lastSyncAt;
    private volatile bool _rebuildRequested;
    private volatile int _rebuildDone;
    private volatile int _rebuildTotal;
    private volatile bool _rebuilding;
    private volatile int _pendingArticles;
    private string? _reason;

    public IndexStatus Status
    {
        get
        {
            var index = host.Index;
            var state = _rebuilding ? IndexState.Rebuilding : index is null ? IndexState.Unavailable : IndexState.Ready;
            return new IndexStatus(state, index?.DocumentCount ?? 0, Interlocked.Read(ref _cursor), Interlocked.Read(ref _latest),
                _rebuildDone, _rebuildTotal, _reason ?? host.OpenFailure, _lastSyncAt, _pendingArticles);
        }
    }

    /// <summary>Asks for a full rebuild (admin action); the current index keeps serving meanwhile.</summary>
    public void RequestRebuild(string reason)
    {
        _reason = reason;
        _rebuildRequested = true;
        signal.Notify();
    }

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var seen = signal.Generation;
            try
            {
                await SyncOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (IsIndexFailure(ex))
            {
                LogIndexFailed(ex);
                host.Discard($"the index failed: {ex.Message}");
                _rebuildRequested = true;
            }
            catch (Exception ex)
            {
                // The database may be restarting: keep serving what we have and try again shortly.
                LogSyncFailed(ex);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
            await signal.WaitAsync(seen, PollInterval, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
        CommitCursor(force: true);
    }

    /// <summary>One round: rebuild when needed, then apply every change-log row not applied yet.</summary>
    public async Task SyncOnceAsync(CancellationToken cancellationToken = default)
    {
        if (NeedsRebuild(out var why))
        {
            _reason = why;
            await RebuildAsync(cancellationToken);
        }
        await CatchUpAsync(cancellationToken);
    }

    private bool NeedsRebuild(out string reason)
    {
        reason = "";
        if (_rebuildRequested) { reason = _reason ?? "requested"; return true; }
        var index = host.Index;
        if (index is null) { reason = host.OpenFailure ?? "no index yet"; return true; }
        if (!host.CurrentFolderIntact()) { reason = "the index folder was deleted or damaged on disk"; return true; }
        var data = index.CommitData;
        if (!data.TryGetValue(FormatKey, out var format) || format != IndexFormat) { reason = $"index format '{format}' is not '{IndexFormat}'"; return true; }
        if (!data.TryGetValue(CursorKey, out var cursorText) || !long.TryParse(cursorText, CultureInfo.InvariantCulture, out var cursor)) { reason = "the index has no change-log cursor"; return true; }
        if (_cursor == 0 && cursor > 0) _cursor = cursor;
        return false;
    }

    private async Task RebuildAsync(CancellationToken cancellationToken)
    {
        _rebuilding = true;
        _rebuildRequested = false;
        var started = clock.GetTimestamp();
        try
        {
            // Read the cursor before the articles: anything committed later is replayed by the catch-up.
            var cursor = await feed.LatestAsync(cancellationToken);
            _rebuildTotal = await feed.LiveCountAsync(cancellationToken);
            _rebuildDone = 0;
            LogRebuilding(_reason ?? "", _rebuildTotal);

            var (index, generation) = host.CreateNext();
            try
            {
                string? after = null;
                // No background refreshes or commits while loading: they would cut the build into small segments.
                using var bulk = index.BeginBulkLoad();
                while (true)
                {
                    var page = await feed.PageAsync(after, BatchSize, cancellationToken);
                    if (page.Count == 0) break;
                    index.AddNew(page);
                    _rebuildDone += page.Count;
                    after = page[^1].Article.Id;
                }
                index.Commit(CommitData(cursor));
                index.RefreshNow();
            }
            catch
            {
                index.Dispose();
                throw;
            }
            host.Swap(index, generation);
            lock (_applied) _applied.Clear();
            Interlocked.Exchange(ref _cursor, cursor);
            _lastCommit = clock.GetUtcNow().UtcDateTime;
            _reason = null;
            LogRebuilt(_rebuildDone, clock.GetElapsedTime(started).TotalSeconds);
        }
        finally
        {
            _rebuilding = false;
        }
    }

    /// <summary>
    /// Reads how far the database's change log is ahead of this node's index, and how many articles that is, into
    /// <see cref="Status"/> (the sync loop does it each round; /health asks for it fresh).
    /// </summary>
    public async Task<IndexStatus> MeasureLagAsync(CancellationToken cancellationToken = default)
    {
        await MeasureLagNowAsync(cancellationToken);
        return Status;
    }

    private async Task MeasureLagNowAsync(CancellationToken cancellationToken)
    {
        var latest = await feed.LatestAsync(cancellationToken);
        var cursor = Interlocked.Read(ref _cursor);
        Interlocked.Exchange(ref _latest, latest);
        _pendingArticles = latest > cursor ? await feed.ChangedArticlesAsync(cursor, cancellationToken) : 0;
    }

    private async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        var index = host.Index;
        if (index is null) return;
        // How far behind this round starts: a bulk import can leave hundreds of articles unsearchable for a while, and
        // /health and the search pages say so meanwhile (each batch below takes its articles off the count).
        await MeasureLagNowAsync(cancellationToken);
        while (true)
        {
            var from = Math.Max(0, _cursor - RescanWindow);
            var rows = await feed.ChangesAsync(from, BatchSize + RescanWindow, cancellationToken);
            List<ArticleChange> fresh;
            lock (_applied) fresh = rows.Where(r => !_applied.Contains(r.Sequence) && (r.Sequence > _cursor || _cursor - r.Sequence <= RescanWindow)).ToList();
            if (rows.Count > 0) Interlocked.Exchange(ref _latest, Math.Max(_latest, rows[^1].Sequence));
            if (fresh.Count == 0) break;

            var ids = fresh.Select(r => r.ArticleId).Distinct(StringComparer.Ordinal).ToList();
            var live = await feed.ArticlesAsync(ids, cancellationToken);
            index.Upsert(live.Select(SearchDocument.From).ToList());
            foreach (var id in ids.Except(live.Select(a => a.Article.Id), StringComparer.Ordinal)) index.Delete(id);
            index.RefreshNow();

            lock (_applied)
            {
                foreach (var r in fresh) _applied.Add(r.Sequence);
                var newCursor = Math.Max(_cursor, fresh.Max(r => r.Sequence));
                Interlocked.Exchange(ref _cursor, newCursor);
                _applied.RemoveWhere(s => s < newCursor - RescanWindow);
            }
            _lastSyncAt = clock.GetUtcNow().UtcDateTime;
            _pendingArticles = Math.Max(0, _pendingArticles - ids.Count);
            LogApplied(fresh.Count, _cursor);
            if (rows.Count < BatchSize + RescanWindow) break;
        }
        var latest = await feed.LatestAsync(cancellationToken);
        Interlocked.Exchange(ref _latest, latest);
        if (latest <= _cursor) _pendingArticles = 0;
        if (latest < _cursor)
        {
            // The index is ahead of this database (restored backup, new database): it describes other data.
            RequestRebuild($"the index cursor {_cursor} is ahead of the database's change log ({latest})");
            return;
        }
        CommitCursor(force: false);
    }

    private void CommitCursor(bool force)
    {
        var index = host.Index;
        if (index is null) return;
        var now = clock.GetUtcNow().UtcDateTime;
        var data = CommitData(Interlocked.Read(ref _cursor));
        if (!force && (now - _lastCommit < CommitInterval || SameCommitData(index.CommitData, data))) return;
        index.Commit(data);
        _lastCommit = now;
    }

    private static bool SameCommitData(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var v) && v == kv.Value);

    private static Dictionary<string, string> CommitData(long cursor) => new()
    {
        [CursorKey] = cursor.ToString(CultureInfo.InvariantCulture),
        [FormatKey] = IndexFormat,
    };

    private static bool IsIndexFailure(Exception ex) =>
        ex is Lucene.Net.Index.CorruptIndexException
        || ex.GetType().Namespace?.StartsWith("Lucene.Net", StringComparison.Ordinal) == true
        || ex is IOException && ex.StackTrace?.Contains("Lucene.Net", StringComparison.Ordinal) == true;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rebuilding the search index from the database ({Reason}): {Total} articles")]
    private partial void LogRebuilding(string reason, int total);

    [LoggerMessage(Level = LogLevel.Information, Message = "Search index rebuilt: {Count} articles in {Seconds:0.0} s")]
    private partial void LogRebuilt(int count, double seconds);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Applied {Count} change-log rows; cursor {Cursor}")]
    private partial void LogApplied(int count, long cursor);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Search sync failed; retrying")]
    private partial void LogSyncFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "The search index failed; rebuilding it from the database")]
    private partial void LogIndexFailed(Exception exception);
}
