using KnowledgeBase.Data.Cluster;
using KnowledgeBase.Testing;
using Microsoft.EntityFrameworkCore;

namespace KnowledgeBase.Data.Tests.Cluster;

/// <summary>The lease contract, held to the same behaviour on SQLite and PostgreSQL.</summary>
public abstract class LeaseStoreTests : StorageTestBase
{
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(30);

    private LeaseStore Leases => new(Database.Factory, Clock);

    [Fact]
    public async Task A_free_lease_is_taken_and_renewed_by_its_holder_and_refused_to_another_node_while_it_lasts()
    {
        Assert.True(await Leases.TryAcquireAsync("webhooks", "node-a", Duration));
        Clock.Advance(TimeSpan.FromSeconds(20));
        Assert.True(await Leases.TryAcquireAsync("webhooks", "node-a", Duration));
        Clock.Advance(TimeSpan.FromSeconds(20));
        Assert.False(await Leases.TryAcquireAsync("webhooks", "node-b", Duration));

        var lease = await Leases.GetAsync("webhooks");
        Assert.NotNull(lease);
        Assert.Equal("node-a", lease.Holder);
        Assert.Equal(1, lease.Generation);
        Assert.Equal(Clock.Now.UtcDateTime + TimeSpan.FromSeconds(10), lease.ExpiresAt);
        Assert.Equal(DateTimeKind.Utc, lease.ExpiresAt.Kind);
    }

    [Fact]
    public async Task An_expired_lease_passes_to_another_node_with_the_next_generation()
    {
        Assert.True(await Leases.TryAcquireAsync("webhooks", "node-a", Duration));
        Clock.Advance(Duration + TimeSpan.FromSeconds(1));

        Assert.True(await Leases.TryAcquireAsync("webhooks", "node-b", Duration));
        Assert.False(await Leases.TryAcquireAsync("webhooks", "node-a", Duration));
        var lease = await Leases.GetAsync("webhooks");
        Assert.Equal("node-b", lease!.Holder);
        Assert.Equal(2, lease.Generation);
        Assert.Equal(Clock.Now.UtcDateTime, lease.AcquiredAt);
    }

    [Fact]
    public async Task A_released_lease_is_free_for_another_node_at_once()
    {
        Assert.True(await Leases.TryAcquireAsync("import", "node-a", Duration));
        await Leases.ReleaseAsync("import", "node-b");
        Assert.False(await Leases.TryAcquireAsync("import", "node-b", Duration));

        await Leases.ReleaseAsync("import", "node-a");
        Assert.True(await Leases.TryAcquireAsync("import", "node-b", Duration));
    }

    [Fact]
    public async Task Leases_of_different_names_are_independent()
    {
        Assert.True(await Leases.TryAcquireAsync("webhooks", "node-a", Duration));
        Assert.True(await Leases.TryAcquireAsync("import", "node-b", Duration));
        Assert.Equal([("import", "node-b"), ("webhooks", "node-a")], (await Leases.ListAsync()).Select(l => (l.Name, l.Holder)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Nodes_racing_for_a_new_or_an_expired_lease_elect_exactly_one_holder(bool expiredFirst)
    {
        if (expiredFirst)
        {
            Assert.True(await Leases.TryAcquireAsync("race", "old-node", Duration));
            Clock.Advance(Duration * 2);
        }
        for (var round = 0; round < 5; round++)
        {
            var name = expiredFirst ? "race" : $"race-{round}";
            using var start = new ManualResetEventSlim();
            var contenders = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
            {
                start.Wait();
                return await TryAcquireRetryingBusyAsync(name, $"node-{round}-{i}");
            })).ToList();
            start.Set();
            var won = await Task.WhenAll(contenders);

            Assert.Equal(1, won.Count(w => w));
            var lease = await Leases.GetAsync(name);
            Assert.Equal($"node-{round}-{Array.IndexOf(won, true)}", lease!.Holder);
            Clock.Advance(Duration * 2);
        }
    }

    /// <summary>SQLite answers "database is locked" to a writer that waited too long; that is not an answer about the lease.</summary>
    private async Task<bool> TryAcquireRetryingBusyAsync(string name, string holder)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await new LeaseStore(Database.Factory, Clock).TryAcquireAsync(name, holder, Duration);
            }
            catch (Microsoft.Data.Sqlite.SqliteException ex) when (ex.SqliteErrorCode == 5 && attempt < 20)
            {
                await Task.Delay(20);
            }
        }
    }

    [Fact]
    public async Task Exclusive_work_is_stopped_when_another_node_takes_the_lease_and_released_when_it_ends()
    {
        var leases = new LeaseStore(Database.Factory, TimeProvider.System);
        var duration = TimeSpan.FromMilliseconds(600);
        var stoppedByLoss = false;
        var ran = await leases.RunExclusiveAsync("exclusive", "node-a", duration, async token =>
        {
            // Another node takes the row over (as after a long pause of this one), with a lease of its own: were only
            // the holder changed, a renewal that a loaded machine delays past the old expiry would take an expired lease back.
            var takenUntil = DateTime.UtcNow.AddMinutes(1);
            await using (var db = Database.Factory.CreateDbContext())
                await db.Leases.Where(l => l.Name == "exclusive")
                    .ExecuteUpdateAsync(s => s.SetProperty(l => l.Holder, "node-b").SetProperty(l => l.ExpiresAt, takenUntil), CancellationToken.None);
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(30), token);
            }
            catch (OperationCanceledException)
            {
                stoppedByLoss = true;
                throw;
            }
        });

        Assert.True(ran);
        Assert.True(stoppedByLoss);
        Assert.Equal("node-b", (await leases.GetAsync("exclusive"))!.Holder);

        Assert.False(await leases.RunExclusiveAsync("exclusive", "node-c", duration, _ => throw new InvalidOperationException("must not run")));
        await leases.ReleaseAsync("exclusive", "node-b");
        var ranAfterRelease = await leases.RunExclusiveAsync("exclusive", "node-c", duration, _ => Task.CompletedTask);
        Assert.True(ranAfterRelease);
        Assert.True((await leases.GetAsync("exclusive"))!.ExpiresAt < DateTime.UtcNow, "released at the end of the work");
    }
}

public sealed class SqliteLeaseStoreTests : LeaseStoreTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.CreateSqliteAsync();
}

[Collection(KnowledgeBase.Testing.PostgresCollection.Name)]
public sealed class PostgresLeaseStoreTests(PostgresServerFixture postgres) : LeaseStoreTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.CreatePostgresAsync(postgres.Server);
}
