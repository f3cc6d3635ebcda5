using KnowledgeBase.Core.Api;
using KnowledgeBase.Data.Api;
using KnowledgeBase.Testing;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Data.Tests.Cluster;

/// <summary>Claims on outbox rows: one sender per row at a time, and a dead sender's rows go to another node after the claim.</summary>
public abstract class WebhookClaimTests : StorageTestBase
{
    private static readonly TimeSpan ClaimFor = TimeSpan.FromSeconds(60);

    private static readonly WebhookSecretProtector Secrets = CreateSecrets();

    private WebhookStore Webhooks => NewStore();

    private WebhookStore NewStore() => new(Database.Factory, Clock, Secrets, new WebhookTargetPolicy(allowPrivateTargets: true, allowedNetworks: null));

    /// <summary>A Data Protection key ring in a temp folder, as the site's (in the database) would be.</summary>
    private static WebhookSecretProtector CreateSecrets()
    {
        var services = new ServiceCollection();
        services.AddDataProtection().PersistKeysToFileSystem(Directory.CreateTempSubdirectory("kb-dp-keys-"));
        var provider = services.BuildServiceProvider();
        return new WebhookSecretProtector(provider.GetRequiredService<IDataProtectionProvider>(), provider.GetRequiredService<IKeyManager>());
    }

    private async Task<long> QueueAsync(int count)
    {
        await using var db = Database.Factory.CreateDbContext();
        var subscription = new WebhookSubscription
        {
            Url = "http://127.0.0.1:9/hook", Events = WebhookEvents.ArticleUpdated, Secret = "whsec_AAAA", CreatedBy = "test",
            CreatedAt = Clock.Now.UtcDateTime,
        };
        db.WebhookSubscriptions.Add(subscription);
        await db.SaveChangesAsync();
        for (var i = 1; i <= count; i++)
        {
            db.WebhookDeliveries.Add(new WebhookDelivery
            {
                SubscriptionId = subscription.Id, EventId = i.ToString(System.Globalization.CultureInfo.InvariantCulture),
                EventType = WebhookEvents.ArticleUpdated, Payload = "{}", CreatedAt = Clock.Now.UtcDateTime,
                Status = DeliveryStatus.Pending, NextAttemptAt = Clock.Now.UtcDateTime,
            });
        }
        await db.SaveChangesAsync();
        return subscription.Id;
    }

    [Fact]
    public async Task A_claimed_delivery_is_not_handed_to_another_node_until_its_claim_expires()
    {
        await QueueAsync(3);
        var first = await Webhooks.ClaimDueAsync("node-a", 10, ClaimFor);
        Assert.Equal(["1", "2", "3"], first.Select(d => d.Delivery.EventId));
        Assert.All(first, d => Assert.Equal("node-a", d.Delivery.ClaimedBy));

        Clock.Advance(ClaimFor - TimeSpan.FromSeconds(1));
        Assert.Empty(await Webhooks.ClaimDueAsync("node-b", 10, ClaimFor));

        // node-a delivered one, then died with the other two in flight.
        await Webhooks.RecordAttemptAsync(first[0].Delivery, 200, null, 5, TimeSpan.FromSeconds(10));
        Clock.Advance(TimeSpan.FromSeconds(2));
        var takenOver = await Webhooks.ClaimDueAsync("node-b", 10, ClaimFor);
        Assert.Equal(["2", "3"], takenOver.Select(d => d.Delivery.EventId));
    }

    [Fact]
    public async Task Recording_an_attempt_releases_the_claim_and_a_failure_is_retried_later_by_any_node()
    {
        await QueueAsync(1);
        var claimed = Assert.Single(await Webhooks.ClaimDueAsync("node-a", 10, ClaimFor));
        await Webhooks.RecordAttemptAsync(claimed.Delivery, 500, null, 5, TimeSpan.FromSeconds(10));

        Assert.Empty(await Webhooks.ClaimDueAsync("node-b", 10, ClaimFor));
        Clock.Advance(TimeSpan.FromSeconds(11));
        var retry = Assert.Single(await Webhooks.ClaimDueAsync("node-b", 10, ClaimFor));
        Assert.Equal(1, retry.Delivery.Attempts);
        await Webhooks.RecordAttemptAsync(retry.Delivery, 204, null, 5, TimeSpan.FromSeconds(10));

        await using var db = Database.Factory.CreateDbContext();
        var row = await db.WebhookDeliveries.SingleAsync();
        Assert.Equal(DeliveryStatus.Delivered, row.Status);
        Assert.Null(row.ClaimedBy);
        Assert.Null(row.ClaimedUntil);
        Assert.Equal(2, await db.WebhookAttempts.CountAsync());
    }

    [Fact]
    public async Task A_node_whose_claim_was_taken_over_does_not_move_the_row_on()
    {
        await QueueAsync(1);
        var slow = Assert.Single(await Webhooks.ClaimDueAsync("node-a", 10, ClaimFor));
        Clock.Advance(ClaimFor + TimeSpan.FromSeconds(1));
        var takeover = Assert.Single(await Webhooks.ClaimDueAsync("node-b", 10, ClaimFor));

        // node-a finally hears back (a failure) after its claim ran out: logged, but node-b's claim stands.
        await Webhooks.RecordAttemptAsync(slow.Delivery, 500, null, 70_000, TimeSpan.FromSeconds(10));
        await using (var db = Database.Factory.CreateDbContext())
        {
            var row = await db.WebhookDeliveries.AsNoTracking().SingleAsync();
            Assert.Equal("node-b", row.ClaimedBy);
            Assert.Equal(0, row.Attempts);
        }
        await Webhooks.RecordAttemptAsync(takeover.Delivery, 200, null, 5, TimeSpan.FromSeconds(10));
        await using (var db = Database.Factory.CreateDbContext())
            Assert.Equal(DeliveryStatus.Delivered, (await db.WebhookDeliveries.AsNoTracking().SingleAsync()).Status);
    }

    [Fact]
    public async Task A_node_that_stops_gives_its_claims_back_for_the_next_holder_at_once()
    {
        await QueueAsync(2);
        Assert.Equal(2, (await Webhooks.ClaimDueAsync("node-a", 10, ClaimFor)).Count);
        await Webhooks.ReleaseClaimsAsync("node-b");
        Assert.Empty(await Webhooks.ClaimDueAsync("node-b", 10, ClaimFor));

        await Webhooks.ReleaseClaimsAsync("node-a");
        Assert.Equal(["1", "2"], (await Webhooks.ClaimDueAsync("node-b", 10, ClaimFor)).Select(d => d.Delivery.EventId));
    }

    [Fact]
    public async Task Two_nodes_claiming_at_the_same_time_share_the_due_rows_without_overlap()
    {
        await QueueAsync(40);
        using var start = new ManualResetEventSlim();
        var nodes = new[] { "node-a", "node-b" }.Select(node => Task.Run(async () =>
        {
            start.Wait();
            var mine = new List<string>();
            for (var round = 0; round < 10; round++)
            {
                try
                {
                    mine.AddRange((await NewStore().ClaimDueAsync(node, 5, ClaimFor)).Select(d => d.Delivery.EventId));
                }
                catch (Microsoft.Data.Sqlite.SqliteException ex) when (ex.SqliteErrorCode == 5)
                {
                    // SQLite's busy timeout: the other node holds the write lock; try again next round.
                }
            }
            return mine;
        })).ToList();
        start.Set();
        var claims = await Task.WhenAll(nodes);

        Assert.Empty(claims[0].Intersect(claims[1]));
        await using var db = Database.Factory.CreateDbContext();
        var claimedRows = await db.WebhookDeliveries.AsNoTracking().Where(d => d.ClaimedBy != null).Select(d => new { d.EventId, d.ClaimedBy }).ToListAsync();
        Assert.Equal(claims[0].Count + claims[1].Count, claimedRows.Count);
        Assert.All(claimedRows, r => Assert.Contains(r.EventId, r.ClaimedBy == "node-a" ? claims[0] : claims[1]));
    }
}

public sealed class SqliteWebhookClaimTests : WebhookClaimTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.CreateSqliteAsync();
}

[Collection(KnowledgeBase.Testing.PostgresCollection.Name)]
public sealed class PostgresWebhookClaimTests(PostgresServerFixture postgres) : WebhookClaimTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.CreatePostgresAsync(postgres.Server);
}
