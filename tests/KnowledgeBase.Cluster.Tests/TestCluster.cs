using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using KnowledgeBase.Data;
using KnowledgeBase.Testing;
using Microsoft.EntityFrameworkCore;

namespace KnowledgeBase.Cluster.Tests;

/// <summary>
/// Nodes of the site on one database (a fresh PostgreSQL database, or one SQLite file for a single node), an API key
/// and a signed-in Admin, and the database itself for checking what the nodes say against the truth.
/// </summary>
public sealed partial class TestCluster : IAsyncDisposable
{
    public const string AdminEmail = "admin@cluster.test";
    public const string AdminPassword = "Correct-Horse-42";

    private readonly List<HttpClient> _clients = [];

    private TestCluster(DatabaseProvider provider, string connectionString, IReadOnlyList<NodeProcess> nodes)
    {
        Database = new KnowledgeBaseContextFactory(provider, connectionString);
        Nodes = nodes;
    }

    public IReadOnlyList<NodeProcess> Nodes { get; }
    public NodeProcess A => Nodes[0];
    public NodeProcess B => Nodes[1];
    public KnowledgeBaseContextFactory Database { get; }
    public string ApiKey { get; private set; } = "";

    /// <summary>Settings every node gets: short leases and fast webhook retries so take-overs happen within a test.</summary>
    public static Dictionary<string, string> CommonSettings() => new()
    {
        ["Content:Path"] = SitePaths.Content,
        ["Node:LeaseSeconds"] = "3",
        ["Api:RateLimit:PermitsPerMinute"] = "100000",
        ["Api:Webhooks:PollSeconds"] = "0.2",
        ["Api:Webhooks:TimeoutSeconds"] = "2",
        ["Api:Webhooks:RetryBaseSeconds"] = "1",
        ["Api:Webhooks:ClaimSeconds"] = "9",
        // The test's webhook receiver listens on loopback, which the target guard refuses by default.
        ["Api:Webhooks:AllowPrivateTargets"] = "true",
        ["Logging:LogLevel:Default"] = "Information",
    };

    /// <summary>Two (or more) nodes on a new PostgreSQL database, started at the same time on the empty database.</summary>
    public static async Task<TestCluster> StartPostgresAsync(PostgresServer server, int nodeCount = 2)
    {
        var connectionString = await server.CreateDatabaseAsync("kbc");
        var settings = CommonSettings();
        settings["Database:Provider"] = "PostgreSql";
        settings["ConnectionStrings:KnowledgeBase"] = connectionString;
        var nodes = Enumerable.Range(0, nodeCount).Select(i => new NodeProcess($"node-{(char)('a' + i)}", settings)).ToList();
        var cluster = new TestCluster(DatabaseProvider.PostgreSql, connectionString, nodes);
        try
        {
            await Task.WhenAll(nodes.Select(n => n.StartAsync()));
            await cluster.CreateCredentialsAsync();
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
        return cluster;
    }

    /// <summary>One node on its own SQLite file.</summary>
    public static async Task<TestCluster> StartSqliteAsync()
    {
        var settings = CommonSettings();
        settings["Database:Provider"] = "Sqlite";
        // What is tested is the database file under a kill, not the starter content.
        settings["Content:ImportOnStart"] = "false";
        var node = new NodeProcess("node-sqlite", settings);
        var cluster = new TestCluster(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(node.DataDirectory, "knowledgebase.db")}", [node]);
        try
        {
            await node.StartAsync();
            await cluster.CreateCredentialsAsync(admin: false);
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
        return cluster;
    }

    /// <summary>An API key and an Admin, made with the site's own commands (as an operator would, no interactive setup).</summary>
    private async Task CreateCredentialsAsync(bool admin = true)
    {
        var key = A.RunCommandAsync("apikey", "create", "--name", "cluster-test", "--scopes", "kb.read,kb.write,kb.webhooks.manage", "--audience", "internal");
        if (admin) await A.RunCommandAsync("user", "create", "--email", AdminEmail, "--password", AdminPassword, "--role", "Admin");
        ApiKey = (await key).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1];
    }

    /// <summary>An API client for one node.</summary>
    public HttpClient Api(NodeProcess node)
    {
        var client = new HttpClient { BaseAddress = new Uri(node.BaseAddress, "/api/v1/"), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        _clients.Add(client);
        return client;
    }

    /// <summary>
    /// Signs the Admin in on <paramref name="node"/> through the real sign-in form. The cookie jar is keyed by host, not
    /// port (as a browser's is): the same client then sends that cookie to every node.
    /// </summary>
    public async Task<CookieContainer> SignInAsync(NodeProcess node)
    {
        var cookies = new CookieContainer();
        using var client = SiteClient(node, cookies);
        var status = await SignInWithAsync(client);
        if (status != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"sign-in on {node.Name} answered {(int)status}\n{node.LogTail()}");
        return cookies;
    }

    /// <summary>Signs the Admin in through the sign-in form with <paramref name="client"/> (which must not follow redirects); the form's answer.</summary>
    public async Task<HttpStatusCode> SignInWithAsync(HttpClient client)
    {
        var page = await client.GetStringAsync("/account/login");
        var token = AntiforgeryToken().Match(page).Groups[1].Value;
        using var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = AdminEmail, ["Input.Password"] = AdminPassword, ["_handler"] = "login", ["__RequestVerificationToken"] = token,
        }));
        return response.StatusCode;
    }

    public HttpClient SiteClient(NodeProcess node, CookieContainer cookies)
    {
        var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = cookies })
        {
            BaseAddress = node.BaseAddress, Timeout = TimeSpan.FromSeconds(30),
        };
        _clients.Add(client);
        return client;
    }

    /// <summary>Every live article's id and version in the database: the truth.</summary>
    public async Task<Dictionary<string, int>> DatabaseVersionsAsync()
    {
        await using var db = Database.CreateDbContext();
        return await db.Articles.AsNoTracking().Where(a => a.DeletedAt == null).ToDictionaryAsync(a => a.Id, a => a.Version, StringComparer.Ordinal);
    }

    /// <summary>What a node's index holds (id, version), read through the admin endpoint.</summary>
    public static async Task<Dictionary<string, int>> IndexVersionsAsync(HttpClient admin)
    {
        using var response = await admin.GetAsync("/admin/search/documents.csv");
        if (!response.IsSuccessStatusCode) return [];
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1);
        return lines.Select(l => l.Split(',')).ToDictionary(p => p[0], p => int.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture), StringComparer.Ordinal);
    }

    /// <summary>Polls until the node's index equals the database (deadline 30 s), then returns both for the assertion.</summary>
    public async Task<(Dictionary<string, int> Database, Dictionary<string, int> Index)> WaitForIndexToMatchAsync(HttpClient admin)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var truth = await DatabaseVersionsAsync();
            var index = await IndexVersionsAsync(admin);
            if (Same(truth, index) || DateTime.UtcNow > deadline) return (truth, index);
            await Task.Delay(250);
        }
    }

    public static bool Same(Dictionary<string, int> a, Dictionary<string, int> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var v) && v == kv.Value);

    public static string Diff(Dictionary<string, int> truth, Dictionary<string, int> index) =>
        $"database {truth.Count} articles, index {index.Count}; differing: " + string.Join(", ",
            truth.Keys.Union(index.Keys).Where(k => !truth.TryGetValue(k, out var t) || !index.TryGetValue(k, out var i) || t != i).Take(20)
                .Select(k => $"{k} db={(truth.TryGetValue(k, out var t) ? t : -1)} index={(index.TryGetValue(k, out var i) ? i : -1)}"));

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients) client.Dispose();
        await Task.WhenAll(Nodes.Select(n => n.DisposeAsync().AsTask()));
        Database.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }
}
