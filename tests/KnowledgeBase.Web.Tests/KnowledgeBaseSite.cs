using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Lifecycle;
using KnowledgeBase.Web.Identity;

namespace KnowledgeBase.Web.Tests;

/// <summary>
/// The whole site on a real Kestrel server on a loopback port, with its own data folder and the given settings
/// (by default SQLite and the repository's starter content).
/// </summary>
public sealed class KnowledgeBaseSite : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;

    /// <param name="services">Replaces services after the site's own (e.g. a stand-in for the language model).</param>
    public KnowledgeBaseSite(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        _services = services;
        DataDirectory = Directory.CreateTempSubdirectory("kb-site-").FullName;
        _settings = new Dictionary<string, string?>
        {
            ["Storage:DataDirectory"] = DataDirectory,
            ["Content:Path"] = RepositoryPaths.Content,
            // The 90 MB model loads and embeds only in the few tests about the semantic step (they turn it on).
            ["Search:Semantic:Enabled"] = "false",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) _settings[key] = value;
        UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, 0));
    }

    public string DataDirectory { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        // Outside Development the host only serves published static assets; the test runs from bin/, so read the
        // build's static web assets manifest as `dotnet run` does (blazor.web.js, scoped CSS, module scripts).
        builder.UseStaticWebAssets();
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        if (_services is not null) builder.ConfigureServices(_services);
    }

    /// <summary>The address Kestrel listens on, e.g. http://127.0.0.1:41234.</summary>
    public Uri ServerAddress
    {
        get
        {
            StartServer();
            var addresses = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
            return new Uri(addresses.First());
        }
    }

    /// <summary>A plain HttpClient over real sockets to the Kestrel server, with its own cookie jar.</summary>
    public HttpClient CreateLoopbackClient() =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new System.Net.CookieContainer() }) { BaseAddress = ServerAddress };

    public const string Password = "Correct-Horse-42";

    /// <summary>Creates a user with the role (and audience) through the same service the admin page uses.</summary>
    public async Task CreateUserAsync(string email, KcsRole role, Audience audience = Audience.Internal)
    {
        StartServer();
        await using var scope = Services.CreateAsyncScope();
        var error = await scope.ServiceProvider.GetRequiredService<UserAdministration>().CreateAsync("test", email, Password, role, audience);
        if (error is not null) throw new InvalidOperationException(error);
    }

    /// <summary>A client signed in through the real sign-in form.</summary>
    public async Task<HttpClient> SignedInClientAsync(KcsRole role, Audience audience = Audience.Internal)
    {
        var email = $"{role.ToString().ToLowerInvariant()}-{audience.ToString().ToLowerInvariant()}-{Guid.NewGuid():N}@test.local";
        await CreateUserAsync(email, role, audience);
        var client = CreateLoopbackClient();
        var response = await PostFormAsync(client, "/account/login", "login", new() { ["Input.Email"] = email, ["Input.Password"] = Password });
        if (response.StatusCode != System.Net.HttpStatusCode.Redirect)
            throw new InvalidOperationException($"sign-in as {role} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return client;
    }

    /// <summary>
    /// Waits until search serves: a new site builds its index in the background after it starts listening, and until
    /// then the search page says search is unavailable.
    /// </summary>
    public async Task WaitForSearchAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var client = CreateLoopbackClient();
        while (true)
        {
            using var health = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync("/health", timeout.Token));
            if (health.RootElement.GetProperty("checks").GetProperty("search").GetProperty("status").GetString() == "Healthy") return;
            await Task.Delay(50, timeout.Token);
        }
    }

    /// <summary>Posts a Blazor SSR form the way a browser does: antiforgery token from the page, then the fields.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string path, string? formName, Dictionary<string, string> fields, string? tokenPage = null)
    {
        var page = await client.GetStringAsync(tokenPage ?? path);
        var token = AntiforgeryToken(page);
        var body = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token };
        if (formName is not null) body["_handler"] = formName;
        return await client.PostAsync(path, new FormUrlEncodedContent(body));
    }

    public static string AntiforgeryToken(string html)
    {
        var match = System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"");
        if (!match.Success) throw new InvalidOperationException("no antiforgery token in the page");
        return match.Groups[1].Value;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { }
    }
}
