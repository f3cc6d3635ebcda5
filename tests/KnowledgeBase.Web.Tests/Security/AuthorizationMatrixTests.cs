using System.Collections.Concurrent;
using System.Net;
using System.Text.RegularExpressions;
using KnowledgeBase.Core.Access;
using KnowledgeBase.Core.Api;
using KnowledgeBase.Testing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace KnowledgeBase.Web.Tests.Security;

/// <summary>
/// The site's authorization matrix, generated: every route the app maps (read from its endpoint data source) × every
/// kind of account — anonymous, each KCS role as an internal and as a customer-audience user, an internal and a
/// customer API key — expected from the one access policy (<see cref="AccessPolicy"/>) and the surface each route is
/// meant to have (<see cref="SiteRoutes"/>). Accounts that read as customers must also never receive internal data
/// from any path they may reach. The API's own key × scope cells are <c>ApiAuthorizationMatrixTests</c>; here every API
/// operation must be in its table and refuse every site account.
/// </summary>
public abstract class AuthorizationMatrixTests(AccessMatrixSite fixture, ITestOutputHelper output) : IAsyncLifetime
{
    private enum Outcome { Allowed, SignInRequired, Refused }

    protected abstract Task<Dictionary<string, string?>> ProviderSettingsAsync();

    public Task InitializeAsync() => fixture.StartAsync(ProviderSettingsAsync);

    public Task DisposeAsync() => Task.CompletedTask;

    private IReadOnlyList<RouteEndpoint> Endpoints() =>
        fixture.Site.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();

    private static bool IsStaticAsset(RouteEndpoint e) => e.Metadata.Any(m => m.GetType().Name == "StaticAssetDescriptor");

    private static bool IsApi(RouteEndpoint e) => e.RoutePattern.RawText?.StartsWith("/api/v1/", StringComparison.Ordinal) == true;

    private static IReadOnlyList<string> Methods(RouteEndpoint e) => e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [];

    public static TheoryData<string> Routes() => [.. SiteRoutes.All.Select(r => r.Key)];

    [Fact]
    public void Every_route_the_app_maps_has_a_row_and_every_row_a_route()
    {
        var endpoints = Endpoints();
        var unlisted = new List<string>();
        foreach (var endpoint in endpoints)
        {
            var pattern = endpoint.RoutePattern.RawText ?? "";
            if (IsStaticAsset(endpoint))
            {
                // Files of the build: public by design, and nothing but files.
                Assert.NotNull(endpoint.Metadata.GetMetadata<IAllowAnonymous>());
                continue;
            }
            if (IsApi(endpoint))
            {
                if (pattern.Contains("{**", StringComparison.Ordinal)) continue;
                if (endpoint.Metadata.GetMetadata<ApiOperation>() is null) unlisted.Add($"{string.Join(",", Methods(endpoint))} {pattern} (no row of ApiOperations)");
                continue;
            }
            var methods = Methods(endpoint);
            if (!SiteRoutes.All.Any(r => r.Pattern == pattern && (methods.Count == 0 || methods.Contains(r.Method))))
                unlisted.Add($"{string.Join(",", methods)} {pattern}");
        }
        Assert.True(unlisted.Count == 0, "Routes without a row in SiteRoutes (say who may reach them): " + string.Join("; ", unlisted));

        var stale = SiteRoutes.All.Where(r => !endpoints.Any(e => e.RoutePattern.RawText == r.Pattern && (Methods(e).Count == 0 || Methods(e).Contains(r.Method)))).ToList();
        Assert.True(stale.Count == 0, "Rows for routes the app no longer maps: " + string.Join("; ", stale));
        Assert.Equal(SiteRoutes.All.Count, SiteRoutes.All.Select(r => r.Key).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Every_route_answers_each_account_as_the_access_policy_decides(string key)
    {
        var route = SiteRoutes.All.Single(r => r.Key == key);
        if (route.Pattern == "/") await fixture.WaitForSearchAsync();
        var failures = new ConcurrentBag<string>();
        var cells = 0;
        var contentCells = 0;
        await Parallel.ForEachAsync(fixture.Accounts, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (account, ct) =>
        {
            var expected = account.Viewer.Allows(route.Surface, route.Permission) ? Outcome.Allowed
                : account.Viewer.IsSignedIn ? Outcome.Refused : Outcome.SignInRequired;
            foreach (var path in route.Samples(fixture.Seed))
            {
                var client = route.EndsSession && expected == Outcome.Allowed ? await fixture.NewClientAsync(account) : fixture.Client(account);
                using var response = await SendAsync(route, path, client);
                var body = await response.Content.ReadAsStringAsync(ct);
                Interlocked.Increment(ref cells);
                var (outcome, problem) = Classify(response, body);
                if (problem is not null) failures.Add($"{account}: {route.Method} {path} → {problem}");
                else if (outcome != expected) failures.Add($"{account}: {route.Method} {path} → {outcome} ({(int)response.StatusCode} {response.Headers.Location}), expected {expected}");
                else if (outcome == Outcome.Allowed && account.ReadsAsCustomer)
                {
                    Interlocked.Increment(ref contentCells);
                    var answer = WithoutEchoes(path, body + "\n" + response.Headers.Location?.OriginalString);
                    var leaked = AccessMatrixSite.Canaries.Where(c => answer.Contains(c, StringComparison.OrdinalIgnoreCase)).ToList();
                    if (leaked.Count > 0) failures.Add($"{account}: {route.Method} {path} → internal data reached a customer: {string.Join(", ", leaked)}");
                }
            }
        });
        output.WriteLine($"{route.Key}: {cells} cells, {contentCells} checked for internal data");
        Assert.True(failures.IsEmpty, $"{failures.Count} cells wrong:\n" + string.Join("\n", failures.Order()));
    }

    [Fact]
    public async Task Every_api_operation_refuses_every_site_account_and_anonymous_with_401()
    {
        var failures = new ConcurrentBag<string>();
        var cells = 0;
        var operations = Endpoints().Where(e => IsApi(e) && e.Metadata.GetMetadata<ApiOperation>() is not null).ToList();
        Assert.NotEmpty(operations);
        await Parallel.ForEachAsync(fixture.Accounts.Where(a => !a.IsKey), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (account, ct) =>
        {
            foreach (var endpoint in operations)
            {
                var method = Methods(endpoint).Single();
                var path = Regex.Replace(endpoint.RoutePattern.RawText!, @"\{(\w+)(:long)?\}", m => m.Groups[2].Success ? "1" : m.Groups[1].Value switch
                {
                    "system" => fixture.Seed.Ticket.System, "instance" => fixture.Seed.Ticket.Instance, "ticketId" => fixture.Seed.Ticket.ExternalId,
                    _ => fixture.Seed.InternalArticle,
                });
                using var request = new HttpRequestMessage(new HttpMethod(method), path);
                if (method is "POST" or "PUT" or "PATCH") request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
                using var response = await fixture.Client(account).SendAsync(request, ct);
                Interlocked.Increment(ref cells);
                if (response.StatusCode != HttpStatusCode.Unauthorized || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                    failures.Add($"{account}: {method} {path} → {(int)response.StatusCode}, expected 401 problem+json (the API takes keys, not site sign-ins)");
            }
        });
        output.WriteLine($"API operations × site accounts: {cells} cells");
        Assert.True(failures.IsEmpty, string.Join("\n", failures.Order()));
    }

    /// <summary>The answer without what the request itself said (path segments and query values, raw and encoded).</summary>
    private static string WithoutEchoes(string path, string answer)
    {
        var uri = new Uri("http://x" + path);
        var segments = uri.AbsolutePath.Split('/').Select(Uri.UnescapeDataString).ToList();
        // The not-found page offers a search for the words of the address asked for (outlook-password → "outlook password").
        var echoes = segments.Concat(segments.Select(s => string.Join(' ', s.Split(['-', '_', '.'], StringSplitOptions.RemoveEmptyEntries))))
            .Concat(Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(uri.Query).SelectMany(p => p.Value.Select(v => v ?? "")))
            .Where(e => e.Length >= 4).Distinct().OrderByDescending(e => e.Length);
        foreach (var echo in echoes)
            answer = answer.Replace(echo, "", StringComparison.OrdinalIgnoreCase).Replace(Uri.EscapeDataString(echo), "", StringComparison.OrdinalIgnoreCase);
        return answer;
    }

    private async Task<HttpResponseMessage> SendAsync(SiteRoute route, string path, HttpClient client)
    {
        if (route.Method == "GET") return await client.GetAsync(path);
        var fields = new Dictionary<string, string>(route.Form!(fixture.Seed)) { ["__RequestVerificationToken"] = await fixture.TokenAsync(client) };
        return await client.PostAsync(path, new FormUrlEncodedContent(fields));
    }

    /// <summary>What the site did: let the account in, ask it to sign in (a challenge), or refuse it; or a problem the matrix must not hide.</summary>
    private static (Outcome Outcome, string? Problem) Classify(HttpResponseMessage response, string body)
    {
        var status = (int)response.StatusCode;
        if (status >= 500) return (Outcome.Allowed, $"server error {status}: {body[..Math.Min(300, body.Length)]}");
        if (status == 400 && body.Contains("antiforgery", StringComparison.OrdinalIgnoreCase)) return (Outcome.Allowed, "antiforgery check failed (the matrix sent a bad token)");
        if (status == 401) return (Outcome.SignInRequired, null);
        if (status == 403) return (Outcome.Refused, null);
        if (status is 302 or 303 && response.Headers.Location is { } location)
        {
            var target = location.IsAbsoluteUri ? location.AbsolutePath : location.OriginalString.Split('?')[0];
            var challenge = location.OriginalString.Contains("ReturnUrl=", StringComparison.OrdinalIgnoreCase);
            if (target.EndsWith("/account/login", StringComparison.Ordinal) && challenge) return (Outcome.SignInRequired, null);
            if (target.EndsWith("/account/denied", StringComparison.Ordinal)) return (Outcome.Refused, null);
        }
        return (Outcome.Allowed, null);
    }
}

public sealed class SqliteAuthorizationMatrixTests(AccessMatrixSite fixture, ITestOutputHelper output)
    : AuthorizationMatrixTests(fixture, output), IClassFixture<AccessMatrixSite>
{
    protected override Task<Dictionary<string, string?>> ProviderSettingsAsync() => Task.FromResult(new Dictionary<string, string?>());
}

[Collection(KnowledgeBase.Testing.PostgresCollection.Name)]
public sealed class PostgresAuthorizationMatrixTests(PostgresServerFixture postgres, AccessMatrixSite fixture, ITestOutputHelper output)
    : AuthorizationMatrixTests(fixture, output), IClassFixture<AccessMatrixSite>
{
    protected override async Task<Dictionary<string, string?>> ProviderSettingsAsync() => new()
    {
        ["Database:Provider"] = "PostgreSql",
        ["ConnectionStrings:KnowledgeBase"] = await postgres.Server.CreateDatabaseAsync("kbmatrix"),
    };
}
