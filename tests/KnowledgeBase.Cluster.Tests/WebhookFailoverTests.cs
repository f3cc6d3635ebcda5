using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using KnowledgeBase.Core.Api;
using KnowledgeBase.Core.Articles;
using KnowledgeBase.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace KnowledgeBase.Cluster.Tests;

/// <summary>Webhook delivery runs on one node; when that node dies mid-batch, another finishes the batch.</summary>
[Collection(ClusterCollection.Name)]
public sealed class WebhookFailoverTests(ClusterFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task Every_webhook_event_reaches_the_receiver_when_the_delivering_node_dies_mid_batch()
    {
        var cluster = await fixture.EnsureRunningAsync();
        await using var receiver = new WebhookReceiver();
        await receiver.StartAsync();
        var onA = cluster.Api(cluster.A);
        long subscription;
        using (var created = await onA.PostAsJsonAsync("webhooks", new { url = receiver.Url, events = new[] { "article.updated" } }))
        {
            created.EnsureSuccessStatusCode();
            var json = await created.Content.ReadFromJsonAsync<JsonElement>();
            receiver.Secret = json.GetProperty("secret").GetString()!;
            subscription = json.GetProperty("id").GetInt64();
        }
        try
        {
            await DeliverThroughAKillAsync(cluster, receiver, subscription);
        }
        finally
        {
            // Through whichever node is still up, so later tests' edits queue nothing for this receiver.
            var live = cluster.Nodes.First(n => n.IsRunning);
            using var deleted = await cluster.Api(live).DeleteAsync($"webhooks/{subscription}");
        }
    }

    private async Task DeliverThroughAKillAsync(TestCluster cluster, WebhookReceiver receiver, long subscription)
    {
        var onA = cluster.Api(cluster.A);
        var articles = new List<ArticlesApi.Saved>();
        var run = Guid.NewGuid().ToString("N")[..6];
        for (var i = 0; i < 15; i++) articles.Add(await onA.CreateAsync($"kb-hook-{run}-{i}", $"Webhook article {i}"));

        // Three events go through normally.
        for (var i = 0; i < 3; i++) articles[i] = await onA.PatchTitleAsync(articles[i], $"Webhook article {i}, edited");
        await WaitAsync(() => receiver.Processed.Count == 3, "the first three events");

        // Then the receiver holds requests open, twelve more events are queued, and the node sending them is killed.
        receiver.Hold();
        for (var i = 3; i < 15; i++) articles[i] = await onA.PatchTitleAsync(articles[i], $"Webhook article {i}, edited");
        await WaitAsync(() => receiver.Waiting >= 2, "deliveries in flight");
        await Task.Delay(300);
        string holder;
        await using (var db = cluster.Database.CreateDbContext())
            holder = (await db.Leases.AsNoTracking().SingleAsync(l => l.Name == "webhooks")).Holder;
        var dying = cluster.Nodes.Single(n => n.Name == holder);
        var survivor = cluster.Nodes.Single(n => n != dying);
        var inFlight = receiver.Requests.Except(receiver.Processed.Keys).ToHashSet();
        var killedAt = Stopwatch.StartNew();
        dying.Kill();
        receiver.Release();

        // The events are the fifteen edits (webhook-id = change-log sequence); the dead node may not have queued them all.
        await using var check = cluster.Database.CreateDbContext();
        var ids = articles.Select(a => a.Id).ToList();
        var expected = (await check.ChangeLog.AsNoTracking().Where(c => ids.Contains(c.ArticleId) && c.Type == ChangeType.Updated)
            .Select(c => c.Sequence).ToListAsync()).Select(q => q.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(15, expected.Count);
        // Done when every delivery is recorded as delivered: only the survivor can record the ones the dead node had in
        // flight, so by then it has sent each of them again (the receiver may have processed the dead node's copy).
        List<WebhookDelivery> rows = [];
        for (var deadline = DateTime.UtcNow.AddSeconds(60); DateTime.UtcNow < deadline; await Task.Delay(100))
        {
            rows = await check.WebhookDeliveries.AsNoTracking().Where(d => d.SubscriptionId == subscription).ToListAsync();
            if (rows.Count == expected.Count && rows.All(r => r.Status == DeliveryStatus.Delivered)) break;
        }
        var finishedAfter = killedAt.ElapsedMilliseconds;
        Assert.Equal(expected.Order(), rows.Select(r => r.EventId).Order());
        Assert.All(rows, r =>
        {
            Assert.Equal(DeliveryStatus.Delivered, r.Status);
            Assert.Null(r.ClaimedBy);
        });

        var arrivals = receiver.Requests.GroupBy(id => id).ToDictionary(g => g.Key, g => g.Count());
        Assert.Empty(receiver.BadSignatures);
        Assert.Equal(expected.Order(), arrivals.Keys.Order());
        Assert.Equal(expected.Order(), receiver.Processed.Keys.Order());
        Assert.NotEmpty(inFlight);
        Assert.All(inFlight, id => Assert.True(arrivals[id] >= 2, $"event {id} was in flight on the dead node and must be sent again by {survivor.Name}"));
        Assert.Equal(survivor.Name, (await check.Leases.AsNoTracking().SingleAsync(l => l.Name == "webhooks")).Holder);
        output.WriteLine($"{dying.Name} killed with {inFlight.Count} deliveries in flight; {survivor.Name} delivered the rest {finishedAfter} ms later; "
            + $"{receiver.Requests.Count} requests for {expected.Count} events ({receiver.Requests.Count - expected.Count} duplicates, deduped by webhook-id)");
    }

    private static async Task WaitAsync(Func<bool> condition, string what, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"no {what} within {seconds} s");
            await Task.Delay(50);
        }
    }
}
