using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using KnowledgeBase.Bench.Measurement;
using Microsoft.Playwright;

namespace KnowledgeBase.Bench.Cluster;

/// <summary>
/// Two running nodes on one PostgreSQL (build/bench-cluster.sh starts them): index lag between the nodes under a
/// steady write load, search API throughput and latency across both nodes, and memory per idle Blazor circuit
/// (headless Chromium pages on node A, the node's resident memory before and after).
/// </summary>
public static class ClusterCommand
{
    public const string Usage = """
        usage: cluster --a URL --b URL --key APIKEY [--queries FILE] [--lag-seconds 30] [--write-rate 5]
                       [--search-seconds 20] [--connections 16]
                       [--circuits N --pid-a PID --email E --password P [--chromium /usr/bin/chromium]]
        """;

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var o = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal)) { error.WriteLine(Usage); return 2; }
            o[args[i][2..]] = args[i + 1];
        }
        if (!o.ContainsKey("a") || !o.ContainsKey("b") || !o.ContainsKey("key")) { error.WriteLine(Usage); return 2; }
        int Int(string name, int fallback) => o.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        return RunAsync(o, Int, output, error).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(Dictionary<string, string> o, Func<string, int, int> option, TextWriter output, TextWriter error)
    {
        var a = Client(o["a"], o["key"]);
        var b = Client(o["b"], o["key"]);
        var queries = o.TryGetValue("queries", out var file)
            ? File.ReadLines(file).Select(l => l.Split('\t')[0].Trim()).Where(q => q.Length > 0).ToList()
            : ["outlook password prompt", "vpn error 809", "printer offline", "teams camera", "0x80070005", "onedrive sync"];

        output.WriteLine($"cluster benchmark: node A {o["a"]}, node B {o["b"]}, {Environment.ProcessorCount} cores shared by the nodes, PostgreSQL and this load generator");
        var lag = await IndexLagAsync(a, b, option("lag-seconds", 30), option("write-rate", 5), error);
        output.WriteLine($"index lag between nodes (write on one, found by search on the other; {lag.Count} writes at {option("write-rate", 5)}/s, half each way): "
            + $"p50 {Percentile.NearestRank(lag, 50):0} ms, p95 {Percentile.NearestRank(lag, 95):0} ms, max {lag.DefaultIfEmpty().Max():0} ms");

        var (count, errors, seconds, latencies) = await SearchLoadAsync([a, b], queries, option("search-seconds", 20), option("connections", 16));
        output.WriteLine($"search API across both nodes, {option("connections", 16)} connections (half per node), {seconds:0} s: {count / seconds:0} req/s, "
            + $"p50 {Percentile.NearestRank(latencies, 50):0.0} ms, p99 {Percentile.NearestRank(latencies, 99):0.0} ms, {errors} errors");

        var circuits = option("circuits", 0);
        if (circuits > 0)
        {
            var (perCircuitKb, before, after, opened) = await CircuitMemoryAsync(o["a"], circuits, option("pid-a", 0), o["email"], o["password"],
                o.GetValueOrDefault("chromium", "/usr/bin/chromium"), error);
            output.WriteLine($"idle Blazor circuits on node A: {opened} open; resident memory {before / 1024.0:0} MiB → {after / 1024.0:0} MiB = {perCircuitKb:0} KiB per circuit");
        }
        return 0;
    }

    private static HttpClient Client(string url, string key)
    {
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = new Uri(url.TrimEnd('/') + "/api/v1/"), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <summary>Creates articles at a steady rate, alternating A and B; for each, polls the other node's search (every 10 ms) until found.</summary>
    private static async Task<List<double>> IndexLagAsync(HttpClient a, HttpClient b, int seconds, int rate, TextWriter error)
    {
        var lags = new ConcurrentBag<double>();
        var watchers = new List<Task>();
        var run = Guid.NewGuid().ToString("N")[..6];
        var interval = TimeSpan.FromSeconds(1.0 / Math.Max(1, rate));
        var clock = Stopwatch.StartNew();
        for (var i = 0; clock.Elapsed < TimeSpan.FromSeconds(seconds); i++)
        {
            var next = interval * (i + 1);
            var (writer, reader) = i % 2 == 0 ? (a, b) : (b, a);
            var token = $"lagprobe{run}n{i}";
            using var response = await writer.PostAsJsonAsync("articles", new { id = $"bench-lag-{run}-{i}", title = $"Lag probe {token}", markdown = $"## Issue\nProbe {token}.", state = "not-validated" });
            var saved = Stopwatch.GetTimestamp();
            if (!response.IsSuccessStatusCode) { error.WriteLine($"write failed: {(int)response.StatusCode}"); continue; }
            watchers.Add(Task.Run(async () =>
            {
                while (Stopwatch.GetElapsedTime(saved) < TimeSpan.FromSeconds(60))
                {
                    var found = await reader.GetFromJsonAsync<JsonElement>($"articles/search?q={token}&limit=1");
                    if (found.GetProperty("items").GetArrayLength() > 0)
                    {
                        lags.Add(Stopwatch.GetElapsedTime(saved).TotalMilliseconds);
                        return;
                    }
                    await Task.Delay(10);
                }
                error.WriteLine($"{token} not found on the other node within 60 s");
            }));
            var wait = next - clock.Elapsed;
            if (wait > TimeSpan.Zero) await Task.Delay(wait);
        }
        await Task.WhenAll(watchers);
        return [.. lags];
    }

    private static async Task<(long Count, long Errors, double Seconds, List<double> Latencies)> SearchLoadAsync(HttpClient[] nodes, List<string> queries, int seconds, int connections)
    {
        var latencies = new ConcurrentBag<double>();
        long count = 0, errors = 0;
        var end = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, connections).Select(c => Task.Run(async () =>
        {
            var node = nodes[c % nodes.Length];
            var random = new Random(c);
            while (Stopwatch.GetTimestamp() < end)
            {
                var q = Uri.EscapeDataString(queries[random.Next(queries.Count)]);
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await node.GetAsync($"articles/search?q={q}&limit=10");
                    await response.Content.ReadAsByteArrayAsync();
                    if (response.IsSuccessStatusCode) latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    else Interlocked.Increment(ref errors);
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref errors);
                }
                Interlocked.Increment(ref count);
            }
        })).ToList();
        await Task.WhenAll(workers);
        return (count, errors, clock.Elapsed.TotalSeconds, [.. latencies]);
    }

    /// <summary>Signs in once, opens <paramref name="circuits"/> pages of the home page (each a circuit), and reads node A's resident memory.</summary>
    private static async Task<(double PerCircuitKb, long BeforeKb, long AfterKb, int Opened)> CircuitMemoryAsync(string url, int circuits, int pid, string email, string password, string chromium, TextWriter error)
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium, Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-background-timer-throttling", "--disable-renderer-backgrounding"],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = url });
        var login = await context.NewPageAsync();
        await login.GotoAsync("/account/login");
        await login.GetByLabel("Email").FillAsync(email);
        await login.GetByLabel("Password").FillAsync(password);
        await login.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await login.WaitForURLAsync(u => !u.Contains("/account/login", StringComparison.Ordinal));
        await OpenCircuitAsync(login);
        await Task.Delay(TimeSpan.FromSeconds(5));
        var before = ResidentKb(pid);

        var opened = 0;
        for (var i = 1; i < circuits; i++)
        {
            var page = await context.NewPageAsync();
            await OpenCircuitAsync(page);
            opened++;
            if (opened % 25 == 0) error.WriteLine($"circuits: {opened + 1} open, node A {ResidentKb(pid) / 1024} MiB");
        }
        await Task.Delay(TimeSpan.FromSeconds(10));
        var after = ResidentKb(pid);
        return ((after - before) / (double)Math.Max(1, opened), before, after, opened + 1);
    }

    private static async Task OpenCircuitAsync(IPage page)
    {
        await page.GotoAsync("/");
        // Interactive: the circuit rendered the home lists.
        await page.WaitForFunctionAsync("() => window.Blazor && document.getElementById('search-input')");
        await page.WaitForSelectorAsync("#recent-heading");
    }

    private static long ResidentKb(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        }
        return 0;
    }
}
