using System.Diagnostics;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace KnowledgeBase.Cluster.Tests;

/// <summary>Two nodes on one PostgreSQL: the index of each follows the other's writes, sign-ins are shared.</summary>
[Collection(ClusterCollection.Name)]
public sealed class MultiNodeTests(ClusterFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task Two_nodes_started_together_on_an_empty_database_import_the_starter_content_once()
    {
        var cluster = await fixture.EnsureRunningAsync();

        var files = Directory.GetFiles(Path.Combine(SitePaths.Content, "articles"), "*.md").Length;
        await using var db = cluster.Database.CreateDbContext();
        // One import: one first revision per file, none imported a second time by the other node.
        var imported = await db.ArticleRevisions.AsNoTracking().Where(r => r.ChangeNote.StartsWith("Imported from ")).Select(r => r.ArticleId).ToListAsync();
        Assert.Equal(files, imported.Count);
        Assert.Equal(files, imported.Distinct().Count());
        var lease = await db.Leases.AsNoTracking().SingleAsync(l => l.Name == "startup-import");
        Assert.Contains(lease.Holder, cluster.Nodes.Select(n => n.Name));
        Assert.True(lease.ExpiresAt < DateTime.UtcNow, "the importer released its lease when done");
    }

    [Fact]
    public async Task A_write_on_one_node_is_searchable_on_the_other_within_seconds()
    {
        var cluster = await fixture.EnsureRunningAsync();
        await Task.WhenAll(cluster.A.WaitForSearchReadyAsync(), cluster.B.WaitForSearchReadyAsync());
        var onA = cluster.Api(cluster.A);
        var onB = cluster.Api(cluster.B);

        var lags = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            var word = $"zebracode{i}x{Guid.NewGuid():N}"[..20];
            var saved = await onA.CreateAsync($"kb-cross-{i}", $"Printer shows {word} after the firmware update");
            var lag = await onB.WaitUntilFoundAsync(word, saved.Id);
            lags.Add(lag.TotalMilliseconds);
        }
        output.WriteLine($"write on A → found by search on B: {string.Join(", ", lags.Select(l => $"{l:0} ms"))} (poll every 20 ms; B polls the change log every 500 ms)");
    }

    [Fact]
    public async Task A_sign_in_on_one_node_is_valid_on_the_other()
    {
        var cluster = await fixture.EnsureRunningAsync();
        var cookies = await cluster.SignInAsync(cluster.A);

        using var onB = cluster.SiteClient(cluster.B, cookies);
        using var adminPage = await onB.GetAsync("/admin/search");
        Assert.Equal(HttpStatusCode.OK, adminPage.StatusCode);
        var html = await adminPage.Content.ReadAsStringAsync();
        Assert.Contains(TestCluster.AdminEmail, html);
        // The page names the node it came from and who runs the cluster's background work.
        Assert.Contains("This page shows node <strong>node-b</strong>", html);
        Assert.Matches("<td>webhooks</td>\\s*<td>node-[ab]", html);

        using var anonymous = cluster.SiteClient(cluster.B, new CookieContainer());
        using var refused = await anonymous.GetAsync("/admin/search");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
    }

    [Fact]
    public async Task A_stopped_node_catches_up_on_restart_with_the_writes_it_missed()
    {
        var cluster = await fixture.EnsureRunningAsync();
        var onA = cluster.Api(cluster.A);
        var changed = await onA.CreateAsync("kb-before", "Scanner profile lost after the upgrade");
        await cluster.B.StopAsync();

        var missed = new List<ArticlesApi.Saved>();
        for (var i = 0; i < 5; i++) missed.Add(await onA.CreateAsync($"kb-missed-{i}", $"Docking station {i} drops the monitor qxmissed"));
        changed = await onA.PatchTitleAsync(changed, "Scanner profile qxmissed lost after the upgrade");

        var restarted = Stopwatch.StartNew();
        await cluster.B.StartAsync();
        await cluster.B.WaitForSearchReadyAsync();
        var onB = cluster.Api(cluster.B);
        foreach (var saved in missed.Append(changed)) await onB.WaitUntilFoundAsync("qxmissed", saved.Id);
        output.WriteLine($"B restarted and found all 6 missed changes {restarted.ElapsedMilliseconds} ms after its start command");

        using var admin = cluster.SiteClient(cluster.B, await cluster.SignInAsync(cluster.B));
        var (truth, index) = await cluster.WaitForIndexToMatchAsync(admin);
        Assert.True(TestCluster.Same(truth, index), TestCluster.Diff(truth, index));
    }
}
