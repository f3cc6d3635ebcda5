using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace KnowledgeBase.Cluster.Tests;

/// <summary>The database is the truth: a killed node, a deleted index, a killed SQLite writer lose nothing.</summary>
[Collection(ClusterCollection.Name)]
public sealed class CrashTests(ClusterFixture fixture, ITestOutputHelper output)
{
    /// <summary>Edits through one node from a few writers until <paramref name="stop"/>; records what the API acknowledged.</summary>
    private static async Task BurstAsync(HttpClient api, string prefix, int articles, ConcurrentDictionary<string, int> acknowledged, CancellationToken stop)
    {
        var writers = Enumerable.Range(0, 3).Select(async w =>
        {
            for (var i = w; i < articles && !stop.IsCancellationRequested; i += 3)
            {
                try
                {
                    var saved = await api.CreateAsync($"{prefix}-{i}", $"Burst article {i} about the mailbox quota");
                    acknowledged[saved.Id] = saved.Version;
                    for (var edit = 0; edit < 3 && !stop.IsCancellationRequested; edit++)
                    {
                        saved = await api.PatchTitleAsync(saved, $"Burst article {i} about the mailbox quota, edit {edit}");
                        acknowledged[saved.Id] = saved.Version;
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
                {
                    // The node was killed under this request: its outcome is unknown, and it is not counted.
                    return;
                }
            }
        });
        await Task.WhenAll(writers);
    }

    [Fact]
    public async Task A_node_killed_mid_burst_restarts_with_its_index_matching_the_database()
    {
        var cluster = await fixture.EnsureRunningAsync();
        await cluster.A.WaitForSearchReadyAsync();
        var onA = cluster.Api(cluster.A);
        var acknowledged = new ConcurrentDictionary<string, int>();

        using var stop = new CancellationTokenSource();
        var burst = BurstAsync(onA, "kb-burst", 200, acknowledged, stop.Token);
        while (acknowledged.Count < 15 && !burst.IsCompleted) await Task.Delay(20);
        cluster.A.Kill();
        await stop.CancelAsync();
        await burst;
        Assert.True(acknowledged.Count >= 15, "the burst was running when the node was killed");

        var truth = await cluster.DatabaseVersionsAsync();
        foreach (var (id, version) in acknowledged)
            Assert.True(truth.TryGetValue(id, out var stored) && stored >= version, $"{id} v{version} was acknowledged but the database has v{(truth.TryGetValue(id, out var s) ? s : 0)}");

        await cluster.A.StartAsync();
        await cluster.A.WaitForSearchReadyAsync();
        using var admin = cluster.SiteClient(cluster.A, await cluster.SignInAsync(cluster.A));
        var (database, index) = await cluster.WaitForIndexToMatchAsync(admin);
        Assert.True(TestCluster.Same(database, index), TestCluster.Diff(database, index));
        output.WriteLine($"{acknowledged.Count} articles acknowledged before the kill; after restart the index holds {index.Count} documents matching the database");

        // The other node saw the same writes through the change log.
        using var adminB = cluster.SiteClient(cluster.B, await cluster.SignInAsync(cluster.B));
        var (databaseB, indexB) = await cluster.WaitForIndexToMatchAsync(adminB);
        Assert.True(TestCluster.Same(databaseB, indexB), TestCluster.Diff(databaseB, indexB));
    }

    [Fact]
    public async Task An_index_folder_deleted_while_the_node_runs_is_rebuilt_while_search_keeps_answering()
    {
        var cluster = await fixture.EnsureRunningAsync();
        await cluster.B.WaitForSearchReadyAsync();
        var onB = cluster.Api(cluster.B);
        var before = await onB.SearchIdsAsync("outlook");
        Assert.NotEmpty(before);

        Directory.Delete(cluster.B.IndexDirectory, recursive: true);
        var clock = Stopwatch.StartNew();
        var statuses = new List<HttpStatusCode>();
        // Search keeps answering from the open index while the new one is built aside.
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            using (var response = await onB.GetAsync("articles/search?q=outlook")) statuses.Add(response.StatusCode);
            if (statuses.Count >= 3 && Directory.Exists(cluster.B.IndexDirectory) && (await cluster.B.Http.GetStringAsync("/health/ready")).Contains("documents, 0 changes behind", StringComparison.Ordinal)) break;
            await Task.Delay(50);
        }
        await cluster.B.WaitForSearchReadyAsync();
        output.WriteLine($"index folder recreated and ready {clock.ElapsedMilliseconds} ms after deletion; searches meanwhile: {string.Join(", ", statuses.GroupBy(s => s).Select(g => $"{g.Count()}× {(int)g.Key}"))}");
        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        // The same articles (their order may move: the old index's statistics still counted replaced documents).
        Assert.Equal(before.Order(), (await onB.SearchIdsAsync("outlook")).Order());

        var saved = await cluster.Api(cluster.A).CreateAsync("kb-after-rebuild", "Outlook qxrebuilt search folder is empty");
        await onB.WaitUntilFoundAsync("qxrebuilt", saved.Id);
        using var admin = cluster.SiteClient(cluster.B, await cluster.SignInAsync(cluster.B));
        var (database, index) = await cluster.WaitForIndexToMatchAsync(admin);
        Assert.True(TestCluster.Same(database, index), TestCluster.Diff(database, index));
    }

    [Fact]
    public async Task A_SQLite_node_killed_during_writes_leaves_an_intact_database_that_reopens()
    {
        var clock = Stopwatch.StartNew();
        await using var cluster = await TestCluster.StartSqliteAsync();
        output.WriteLine($"SQLite node started with a key in {clock.ElapsedMilliseconds} ms");
        var api = cluster.Api(cluster.A);
        var acknowledged = new ConcurrentDictionary<string, int>();
        using var stop = new CancellationTokenSource();
        var burst = BurstAsync(api, "kb-sqlite", 200, acknowledged, stop.Token);
        while (acknowledged.Count < 15 && !burst.IsCompleted) await Task.Delay(20);
        cluster.A.Kill();
        await stop.CancelAsync();
        await burst;

        var file = Path.Combine(cluster.A.DataDirectory, "knowledgebase.db");
        await using (var connection = new SqliteConnection($"Data Source={file};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var check = connection.CreateCommand();
            check.CommandText = "PRAGMA integrity_check";
            Assert.Equal("ok", (string?)await check.ExecuteScalarAsync());
        }
        var truth = await cluster.DatabaseVersionsAsync();
        foreach (var (id, version) in acknowledged)
            Assert.True(truth.TryGetValue(id, out var stored) && stored >= version, $"{id} v{version} was acknowledged but is not in the database");

        await cluster.A.StartAsync();
        await cluster.A.WaitForSearchReadyAsync();
        var saved = await api.CreateAsync("kb-sqlite-after", "Teams qxreopened meeting link");
        await api.WaitUntilFoundAsync("qxreopened", saved.Id);
        output.WriteLine($"{acknowledged.Count} articles acknowledged before the kill; integrity_check ok; reopened and writable ({clock.ElapsedMilliseconds} ms in all)");
    }
}
