using System.Net;
using System.Text.Json;
using Xunit.Abstractions;

namespace KnowledgeBase.Cluster.Tests;

/// <summary>The compose file's reverse proxy (YARP) in front of the two nodes: sticky per browser, around a node that goes down.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ProxyTests(ClusterFixture fixture, ITestOutputHelper output)
{
    private static async Task<string> NodeOfAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/health/live");
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("node").GetString()!;
    }

    [Fact]
    public async Task The_proxy_keeps_a_browser_on_one_node_and_moves_it_when_that_node_goes_down()
    {
        var cluster = await fixture.EnsureRunningAsync();
        await using var proxy = new NodeProcess("proxy", new Dictionary<string, string>
        {
            ["ReverseProxy:Clusters:nodes:Destinations:node1:Address"] = cluster.A.BaseAddress.ToString(),
            ["ReverseProxy:Clusters:nodes:Destinations:node2:Address"] = cluster.B.BaseAddress.ToString(),
            ["ReverseProxy:Clusters:nodes:HealthCheck:Active:Interval"] = "00:00:01",
        }, SitePaths.ProxyDll) { LivenessPath = "/proxy/health" };
        await proxy.StartAsync();

        // Without the affinity cookie, requests are spread over both nodes.
        var spread = new HashSet<string>();
        for (var i = 0; i < 30 && spread.Count < 2; i++)
        {
            using var fresh = new HttpClient { BaseAddress = proxy.BaseAddress };
            spread.Add(await NodeOfAsync(fresh));
        }
        Assert.Equal(cluster.Nodes.Select(n => n.Name).Order(), spread.Order());

        // A browser (cookie jar) stays on its node: its Blazor circuit lives there.
        var cookies = new CookieContainer();
        using var browser = new HttpClient(new SocketsHttpHandler { UseCookies = true, CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = proxy.BaseAddress };
        var home = await NodeOfAsync(browser);
        Assert.NotNull(cookies.GetCookies(proxy.BaseAddress)["kb-node"]);
        for (var i = 0; i < 10; i++) Assert.Equal(home, await NodeOfAsync(browser));
        // Signed in through the proxy (the interactive connection is for signed-in accounts), it opens its circuit there.
        Assert.Equal(HttpStatusCode.Redirect, await cluster.SignInWithAsync(browser));
        Assert.Equal(home, await NodeOfAsync(browser));
        using (var negotiate = await browser.PostAsync("/_blazor/negotiate?negotiateVersion=1", null))
            Assert.Equal(HttpStatusCode.OK, negotiate.StatusCode);

        // Its node goes down: the proxy sends it to the other one.
        var down = cluster.Nodes.Single(n => n.Name == home);
        await down.StopAsync();
        try
        {
            var failed = 0;
            string? now = null;
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (now is null && DateTime.UtcNow < deadline)
            {
                try
                {
                    now = await NodeOfAsync(browser);
                }
                catch (HttpRequestException)
                {
                    failed++;
                    await Task.Delay(100);
                }
            }
            output.WriteLine($"{home} stopped: {failed} requests failed before the proxy moved the browser to {now}");
            Assert.Equal(cluster.Nodes.Single(n => n != down).Name, now);
            for (var i = 0; i < 5; i++) Assert.Equal(now, await NodeOfAsync(browser));
        }
        finally
        {
            await down.StartAsync();
        }
    }
}
