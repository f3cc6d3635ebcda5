using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using KnowledgeBase.Core.Api;
using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Lifecycle;
using KnowledgeBase.Data.Api;
using KnowledgeBase.Data.Articles;
using KnowledgeBase.Web.Tests;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Api.Tests;

/// <summary>The site on a real Kestrel port plus helpers to mint keys and call the API.</summary>
public sealed class ApiSite : IAsyncDisposable
{
    public ApiSite(IDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>
        {
            // The matrices send hundreds of keyless and wrong-key requests from one address; the throttle has its own tests.
            ["Throttling:UnauthenticatedApiRequests"] = "100000",
            ["Api:RateLimit:PermitsPerMinute"] = "100000", ["Api:Webhooks:PollSeconds"] = "0.2", ["Api:Webhooks:RetryBaseSeconds"] = "0.2",
            // The tests' receivers listen on loopback, which the webhook target policy refuses unless told otherwise.
            ["Api:Webhooks:AllowPrivateTargets"] = "true",
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>()) all[k] = v;
        Site = new KnowledgeBaseSite(all);
    }

    public KnowledgeBaseSite Site { get; }

    public T Service<T>() where T : notnull => Site.Services.GetRequiredService<T>();

    public ArticleStore Articles => Service<ArticleStore>();

    /// <summary>A new key with the scopes and audience (the same store the CLI and the admin page use).</summary>
    public async Task<string> KeyAsync(Audience audience = Audience.Internal, params string[] scopes)
    {
        _ = Site.ServerAddress;
        var (_, secret) = await Service<ApiKeyStore>().CreateAsync("k" + Guid.NewGuid().ToString("N")[..12], scopes.Length == 0 ? ApiScopes.All : scopes, audience, "test");
        return secret;
    }

    public HttpClient Client(string? key = null)
    {
        var client = Site.CreateLoopbackClient();
        if (key is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <summary>An article written directly through the store (as the UI would), visible to the audience asked.</summary>
    public Task<Article> ArticleAsync(string title, KcsState state = KcsState.Validated, Audience audience = Audience.Internal, string? body = null) =>
        Articles.CreateAsync(Actor.System, null, new ArticleEdit
        {
            Title = title, Body = body ?? $"## Issue\n{title} happens on every start.\n\n## Resolution\nRestart the spooler service.\n", State = state, Audience = audience,
        });

    /// <summary>
    /// A rolling restart while a receiver holds this node's call: waits until one call is held (<paramref name="waiting"/>),
    /// stops the node, checks the stop waits for that call, then lets the receiver answer (<paramref name="release"/>) and
    /// waits for the stop to complete.
    /// </summary>
    public async Task StopWhileAnsweringAsync(Func<int> waiting, Action release, string what)
    {
        for (var i = 0; i < 300 && waiting() == 0; i++) await Task.Delay(100);
        Assert.Equal(1, waiting());
        var stopping = DisposeAsync().AsTask();
        await Task.Delay(TimeSpan.FromSeconds(0.5));
        Assert.False(stopping.IsCompleted, $"the stop did not wait for {what} under way");
        release();
        await stopping.WaitAsync(TimeSpan.FromSeconds(30));
    }

    public async ValueTask DisposeAsync() => await Site.DisposeAsync();
}

/// <summary>
/// A data directory that outlives one site, for tests that stop a node and start another on the same data (the SQLite
/// file, the data-protection keys that decrypt stored secrets); put into the settings, deleted at the end.
/// </summary>
public sealed class ScratchDataDirectory : IDisposable
{
    public ScratchDataDirectory(Dictionary<string, string?> settings, string prefix)
    {
        Path = Directory.CreateTempSubdirectory(prefix).FullName;
        settings["Storage:DataDirectory"] = Path;
    }

    public string Path { get; }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}

/// <summary>The settings that put a site on a fresh database of a real PostgreSQL server.</summary>
public static class Providers
{
    public static async Task<Dictionary<string, string?>> PostgresAsync(KnowledgeBase.Testing.PostgresServer server) => new()
    {
        ["Database:Provider"] = "PostgreSql",
        ["ConnectionStrings:KnowledgeBase"] = await server.CreateDatabaseAsync("kbapi"),
    };
}

public static class Json
{
    public static async Task<JsonElement> BodyAsync(this HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    public static StringContent Raw(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    public static JsonContent Of(object value) => JsonContent.Create(value);

    public static async Task AssertProblemAsync(this HttpResponseMessage response, int status, string type)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == (int)response.StatusCode, $"expected {status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonDocument.Parse(text).RootElement;
        Assert.Equal(type, body.GetProperty("type").GetString());
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("detail").GetString()));
        Assert.Equal(status, body.GetProperty("status").GetInt32());
    }

    public static IEnumerable<string> Ids(this JsonElement body, string array = "items") =>
        body.GetProperty(array).EnumerateArray().Select(i => i.GetProperty("id").GetString()!);
}
