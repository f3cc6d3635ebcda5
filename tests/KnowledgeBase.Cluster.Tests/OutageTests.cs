using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit.Abstractions;

namespace KnowledgeBase.Cluster.Tests;

/// <summary>PostgreSQL restarted under load: fail fast with 503, recover without restarting the nodes.</summary>
[Collection(ClusterCollection.Name)]
public sealed class OutageTests(ClusterFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task A_database_restart_under_load_answers_503_problem_json_and_the_nodes_recover_on_their_own()
    {
        var cluster = await fixture.EnsureRunningAsync();
        var cookies = await cluster.SignInAsync(cluster.A);
        using var site = cluster.SiteClient(cluster.A, cookies);
        var apis = new[] { cluster.Api(cluster.A), cluster.Api(cluster.B) };
        var article = await apis[0].CreateAsync("kb-outage", "VPN qxoutage tunnel drops");

        // Load on both nodes for the whole outage: reads that need the database.
        var seen = new ConcurrentBag<(HttpStatusCode Status, string? Type, string? ContentType, double Ms)>();
        using var stopLoad = new CancellationTokenSource();
        var load = apis.Select(api => Task.Run(async () =>
        {
            while (!stopLoad.IsCancellationRequested)
            {
                var timer = Stopwatch.StartNew();
                try
                {
                    using var response = await api.GetAsync("articles/kb-outage");
                    string? type = null;
                    if (response.StatusCode != HttpStatusCode.OK)
                        type = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString();
                    seen.Add((response.StatusCode, type, response.Content.Headers.ContentType?.MediaType, timer.Elapsed.TotalMilliseconds));
                }
                catch (HttpRequestException)
                {
                    seen.Add((0, null, null, timer.Elapsed.TotalMilliseconds));
                }
                await Task.Delay(25);
            }
        })).ToList();
        await Task.Delay(500);

        await fixture.Server.StopAsync();
        try
        {
            await Task.Delay(3000);
            using var ready = await cluster.A.Http.GetAsync("/health/ready");
            using var live = await cluster.A.Http.GetAsync("/health/live");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
            using var page = await site.GetAsync("/admin/audit");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
            Assert.Contains("cannot reach its database", await page.Content.ReadAsStringAsync());
            Assert.Equal("5", page.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        finally
        {
            await fixture.Server.RestartAsync();
            // The test's own connections to the database died too.
            cluster.Database.ClearPool();
            Npgsql.NpgsqlConnection.ClearAllPools();
        }
        var restarted = Stopwatch.StartNew();

        // Recovery without restarting anything: every node answers again.
        foreach (var api in apis)
        {
            while (restarted.Elapsed < TimeSpan.FromSeconds(30))
            {
                using var response = await api.GetAsync("articles/kb-outage");
                if (response.StatusCode == HttpStatusCode.OK) break;
                await Task.Delay(100);
            }
        }
        var recoveredAfter = restarted.ElapsedMilliseconds;
        await Task.Delay(500);
        await stopLoad.CancelAsync();
        await Task.WhenAll(load);

        // After recovery, no request fails any more (dead pooled connections were dropped).
        foreach (var api in apis)
        {
            for (var i = 0; i < 20; i++)
            {
                using var response = await api.GetAsync("articles/kb-outage");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        }
        var saved = await apis[0].PatchTitleAsync(article, "VPN qxoutage tunnel drops after the database came back");
        await apis[1].WaitUntilFoundAsync("came back qxoutage", saved.Id);
        using (var ready = await cluster.B.Http.GetAsync("/health/ready")) Assert.Equal(HttpStatusCode.OK, ready.StatusCode);

        var failures = seen.Where(s => s.Status != HttpStatusCode.OK).ToList();
        output.WriteLine($"load: {seen.Count} requests, {failures.Count} answered 503 during the outage; slowest 503 {failures.Select(f => f.Ms).DefaultIfEmpty().Max():0} ms; "
            + $"all nodes answered 200 again {recoveredAfter} ms after PostgreSQL was back");
        Assert.NotEmpty(failures);
        Assert.All(failures, f =>
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, f.Status);
            Assert.Equal("application/problem+json", f.ContentType);
            Assert.Equal("urn:kb:problem:database-unavailable", f.Type);
        });
    }
}
