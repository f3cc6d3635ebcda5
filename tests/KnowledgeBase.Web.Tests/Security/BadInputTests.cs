using System.Collections.Concurrent;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using KnowledgeBase.Core.Api;
using KnowledgeBase.Core.Lifecycle;
using KnowledgeBase.Testing;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace KnowledgeBase.Web.Tests.Security;

/// <summary>
/// Every input a route reads — route values, query values, form fields, and the API's JSON body fields — read from the
/// app's own endpoints (handler parameters, a page's query parameters, the hand-parsed values its row names) and tried
/// with a list of bad values, as an internal Admin who reaches every handler. No answer may be a 5xx; a refusal (4xx)
/// must say which input is wrong. On SQLite and PostgreSQL, which disagree about some values (NUL, date ranges).
/// </summary>
public abstract class BadInputTests(AccessMatrixSite fixture, ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>Values that fail parsing, overflow, fall outside a type's or a database's range, or carry characters some layer refuses.</summary>
    public static readonly string[] BadValues =
    [
        "", " ", "abc", "-1", "0", "2147483648", "99999999999", "-99999999999999999999", "1e309", "NaN", "1.5", "0x10",
        "0001-01-01", "9999-12-31", "2024-02-30", "garbage-date", "10000-01-01T00:00:00Z",
        "a\0b", "\u202Eevil", "zero\u200Bwidth", "🙂", new string('a', 5000), "<script>alert(1)</script>", "../../etc/passwd", "' OR 1=1 --", "%", "[]", "{}", "true",
    ];

    protected abstract Task<Dictionary<string, string?>> ProviderSettingsAsync();

    public Task InitializeAsync() => fixture.StartAsync(ProviderSettingsAsync);

    public Task DisposeAsync() => Task.CompletedTask;

    private enum Where { Route, Query, Form, Json }

    private sealed record Input(string Name, Where Where);

    [Fact]
    public async Task Every_input_of_every_site_route_is_answered_below_500_and_a_refusal_names_it()
    {
        var admin = fixture.Accounts.Single(a => a.Viewer.IsInternal && a.Role == KcsRole.Admin);
        var client = fixture.Client(admin);
        var endpoints = fixture.Site.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        var cases = new List<(SiteRoute Route, Input Input)>();
        foreach (var route in SiteRoutes.All.Where(r => !r.EndsSession && !r.Pattern.StartsWith("/_", StringComparison.Ordinal) && r.Pattern != "{**path:file}"))
        {
            var endpoint = endpoints.First(e => e.RoutePattern.RawText == route.Pattern && (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods is not { Count: > 0 } m || m.Contains(route.Method)));
            foreach (var input in InputsOf(route, endpoint)) cases.Add((route, input));
        }
        var failures = new ConcurrentBag<string>();
        var tried = 0;
        await Parallel.ForEachAsync(cases, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (c, ct) =>
        {
            foreach (var bad in BadValues)
            {
                using var response = await SendAsync(client, c.Route, c.Input, bad);
                Interlocked.Increment(ref tried);
                var body = await response.Content.ReadAsStringAsync(ct);
                var status = (int)response.StatusCode;
                if (status >= 500) failures.Add($"{c.Route.Method} {c.Route.Pattern} {c.Input.Where} '{c.Input.Name}' = {Show(bad)} → {status}: {Excerpt(body)}");
                else if (KestrelRefusedPath(c.Input, bad, status, body)) continue;
                else if (status is >= 400 and < 500 and not 404 && !Names(body, c.Input.Name))
                    failures.Add($"{c.Route.Method} {c.Route.Pattern} {c.Input.Where} '{c.Input.Name}' = {Show(bad)} → {status} without naming '{c.Input.Name}': {Excerpt(body)}");
            }
        });
        output.WriteLine($"site: {cases.Count} inputs of {cases.Select(c => c.Route).Distinct().Count()} routes × {BadValues.Length} values = {tried} requests");
        Assert.True(failures.IsEmpty, $"{failures.Count} bad answers:\n" + string.Join("\n", failures.Order().Take(200)));
    }

    [Fact]
    public async Task Every_input_of_every_api_operation_is_answered_below_500_with_a_problem_naming_it()
    {
        var (_, secret) = await fixture.Site.Services.GetRequiredService<KnowledgeBase.Data.Api.ApiKeyStore>()
            .CreateAsync("fuzz-" + Guid.NewGuid().ToString("N")[..8], ApiScopes.All, Core.Articles.Audience.Internal, "test");
        var client = fixture.Site.CreateLoopbackClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", secret);
        var operations = fixture.Site.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<ApiOperation>() is not null).ToList();
        Assert.NotEmpty(operations);
        var failures = new ConcurrentBag<string>();
        var tried = 0;
        var inputs = 0;
        await Parallel.ForEachAsync(operations, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (endpoint, ct) =>
        {
            var method = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods.Single();
            var handlerInputs = HandlerInputs(endpoint).ToList();
            Interlocked.Add(ref inputs, handlerInputs.Count);
            foreach (var input in handlerInputs)
            {
                foreach (var bad in BadValues)
                {
                    using var request = ApiRequest(endpoint, method, input, bad);
                    using var response = await client.SendAsync(request, ct);
                    Interlocked.Increment(ref tried);
                    var body = await response.Content.ReadAsStringAsync(ct);
                    var status = (int)response.StatusCode;
                    var what = $"{method} {endpoint.RoutePattern.RawText} {input.Where} '{input.Name}' = {Show(bad)}";
                    if (status >= 500) failures.Add($"{what} → {status}: {Excerpt(body)}");
                    else if (KestrelRefusedPath(input, bad, status, body)) continue;
                    else if (status is >= 400 and < 500)
                    {
                        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json") failures.Add($"{what} → {status} without problem+json: {Excerpt(body)}");
                        else if (status is 400 or 422 && !Names(body, input.Name)) failures.Add($"{what} → {status} without naming '{input.Name}': {Excerpt(body)}");
                    }
                }
            }
        });
        output.WriteLine($"API: {inputs} inputs of {operations.Count} operations × {BadValues.Length} values = {tried} requests");
        Assert.True(failures.IsEmpty, $"{failures.Count} bad answers:\n" + string.Join("\n", failures.Order().Take(200)));
    }

    /// <summary>A NUL in the path is refused by the server itself (400, no body) before the app sees the request.</summary>
    private static bool KestrelRefusedPath(Input input, string bad, int status, string body) =>
        input.Where == Where.Route && bad.Contains('\0') && status == 400 && body.Length == 0;

    /// <summary>A valid body for each API operation that takes one; a JSON input replaces one of its fields, so a refusal is about that field.</summary>
    private Dictionary<string, object?> BaseBody(string operation) => operation switch
    {
        "CreateArticle" or "ReplaceArticle" => new() { ["title"] = "Fuzz probe: scanner offline", ["markdown"] = "## Issue\nScanner offline.\n" },
        "SuggestArticles" => new() { ["subject"] = "printer offline" },
        "GiveFeedback" => new() { ["kind"] = "helpful" },
        "UpsertTicket" => new() { ["subject"] = "Printer offline", ["status"] = "open" },
        "CreateTicketLink" => new() { ["articleId"] = fixture.Seed.InternalArticle, ["ticket"] = new Dictionary<string, string> { ["system"] = "halo", ["instance"] = "acme", ["id"] = "fuzz" } },
        "CreateWebhook" => new() { ["url"] = "https://hooks.example.com/kb", ["events"] = new[] { "article.updated" } },
        _ => [],
    };

    // ---- what a route reads ----

    private static IEnumerable<Input> InputsOf(SiteRoute route, RouteEndpoint endpoint)
    {
        var found = new Dictionary<string, Input>(StringComparer.OrdinalIgnoreCase);
        foreach (var parameter in endpoint.RoutePattern.Parameters.Where(p => !p.IsCatchAll)) found[parameter.Name] = new(parameter.Name, Where.Route);
        if (endpoint.Metadata.GetMetadata<ComponentTypeMetadata>()?.Type is { } component && route.Method == "GET")
        {
            foreach (var property in component.GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
                if (property.GetCustomAttribute<SupplyParameterFromQueryAttribute>() is { } query) found[query.Name ?? property.Name] = new(query.Name ?? property.Name, Where.Query);
        }
        foreach (var input in HandlerInputs(endpoint)) found.TryAdd(input.Name, input);
        foreach (var name in route.Reads) found.TryAdd(name, new(name, Where.Query));
        if (route.Form is not null)
            foreach (var field in route.Form(new MatrixSeed("a", "b", "c", new("s", "i", "t"), 1, 1, "c", "o", "f", "g", "h")).Keys.Where(k => k != "_handler")) found.TryAdd(field, new(field, Where.Form));
        return found.Values;
    }

    /// <summary>A minimal API handler's bound inputs: route values, query values (also inside [AsParameters]), form fields, and a JSON body's properties.</summary>
    private static IEnumerable<Input> HandlerInputs(RouteEndpoint endpoint)
    {
        if (endpoint.Metadata.GetMetadata<MethodInfo>() is not { } handler) yield break;
        var routeNames = endpoint.RoutePattern.Parameters.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var parameter in handler.GetParameters())
        {
            if (parameter.GetCustomAttribute<AsParametersAttribute>() is not null)
            {
                foreach (var property in parameter.ParameterType.GetProperties().Where(p => IsSimple(p.PropertyType) && !routeNames.Contains(p.Name)))
                    yield return new(property.GetCustomAttribute<FromQueryAttribute>()?.Name ?? Camel(property.Name), Where.Query);
                continue;
            }
            if (parameter.GetCustomAttribute<FromFormAttribute>() is { } form) yield return new(form.Name ?? parameter.Name!, Where.Form);
            else if (routeNames.Contains(parameter.Name!)) yield return new(parameter.Name!, Where.Route);
            else if (parameter.GetCustomAttribute<FromQueryAttribute>() is { } query) yield return new(query.Name ?? parameter.Name!, Where.Query);
            else if (IsSimple(parameter.ParameterType) && !IsService(parameter)) yield return new(parameter.Name!, Where.Query);
            else if (IsBody(parameter))
                foreach (var property in parameter.ParameterType.GetProperties().Where(p => p.CanWrite || p.DeclaringType!.GetConstructors().Any()))
                    yield return new(Camel(property.Name), Where.Json);
        }
    }

    private static bool IsSimple(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(decimal) || type == typeof(Guid);
    }

    private static bool IsService(ParameterInfo parameter) => parameter.ParameterType == typeof(CancellationToken);

    private static bool IsBody(ParameterInfo parameter) =>
        parameter.GetCustomAttribute<FromBodyAttribute>() is not null
        || (parameter.ParameterType.Namespace?.StartsWith("KnowledgeBase.Web.Api.Contracts", StringComparison.Ordinal) == true && parameter.ParameterType.Name.EndsWith("Request", StringComparison.Ordinal));

    private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];

    // ---- sending ----

    private async Task<HttpResponseMessage> SendAsync(HttpClient client, SiteRoute route, Input input, string bad)
    {
        var sample = route.Samples(fixture.Seed)[0];
        var path = With(sample, route.Pattern, input, bad);
        if (route.Method == "GET") return await client.GetAsync(path);
        var fields = new Dictionary<string, string>(route.Form!(fixture.Seed)) { ["__RequestVerificationToken"] = await fixture.TokenAsync(client) };
        if (input.Where == Where.Form) fields[input.Name] = bad;
        return await client.PostAsync(path, new FormUrlEncodedContent(fields));
    }

    /// <summary>The sample address with one route value or query value replaced by <paramref name="bad"/>.</summary>
    private static string With(string sample, string pattern, Input input, string bad)
    {
        var uri = new Uri("http://x" + sample);
        var path = uri.AbsolutePath;
        var query = QueryHelpers.ParseQuery(uri.Query).ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        if (input.Where == Where.Route)
        {
            var patternSegments = pattern.Split('/');
            var segments = path.Split('/');
            for (var i = 0; i < patternSegments.Length && i < segments.Length; i++)
                if (string.Equals(patternSegments[i], "{" + input.Name + "}", StringComparison.OrdinalIgnoreCase) || patternSegments[i].StartsWith("{" + input.Name + ":", StringComparison.OrdinalIgnoreCase))
                    segments[i] = Uri.EscapeDataString(bad.Length == 0 ? " " : bad);
            path = string.Join('/', segments);
        }
        else if (input.Where == Where.Query) query[input.Name] = bad;
        return QueryHelpers.AddQueryString(path, query.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value)));
    }

    private HttpRequestMessage ApiRequest(RouteEndpoint endpoint, string method, Input input, string bad)
    {
        var seed = fixture.Seed;
        var sample = Regex.Replace(endpoint.RoutePattern.RawText!, @"\{(\w+)(:long)?\}", m => m.Groups[2].Success ? "1" : m.Groups[1].Value switch
        {
            "system" => seed.Ticket.System, "instance" => seed.Ticket.Instance, "ticketId" => seed.Ticket.ExternalId, _ => seed.InternalArticle,
        });
        // A list of links needs a ticket or an article: give one, so a refusal is about the value under test.
        if (endpoint.Metadata.GetMetadata<ApiOperation>()!.Name == "ListTicketLinks") sample += "?articleId=" + Uri.EscapeDataString(seed.InternalArticle);
        var request = new HttpRequestMessage(new HttpMethod(method), input.Where is Where.Json ? sample : With(sample, endpoint.RoutePattern.RawText!, input, bad));
        if (method is "POST" or "PUT" or "PATCH")
        {
            var fields = BaseBody(endpoint.Metadata.GetMetadata<ApiOperation>()!.Name).ToDictionary(f => f.Key, f => System.Text.Json.JsonSerializer.Serialize(f.Value));
            if (input.Where == Where.Json) fields[input.Name] = JsonValue(bad);
            var json = "{" + string.Join(",", fields.Select(f => System.Text.Json.JsonSerializer.Serialize(f.Key) + ":" + f.Value)) + "}";
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
            request.Headers.TryAddWithoutValidation("If-Match", "*");
        }
        return request;
    }

    /// <summary>The bad value as JSON: numbers and literals as themselves where they are valid JSON, everything else as a string.</summary>
    private static string JsonValue(string bad) => bad is "-1" or "0" or "2147483648" or "99999999999" or "-99999999999999999999" or "1e309" or "1.5" or "true" or "[]" or "{}"
        ? bad
        : System.Text.Json.JsonSerializer.Serialize(bad);

    /// <summary>Whether the answer names the input (as sent, or in words: "page", "from"…).</summary>
    private static bool Names(string body, string name)
    {
        var plain = name.StartsWith("Input.", StringComparison.Ordinal) ? name["Input.".Length..] : name;
        return body.Contains(plain, StringComparison.OrdinalIgnoreCase) || body.Contains(Regex.Replace(plain, "(?<!^)([A-Z])", " $1"), StringComparison.OrdinalIgnoreCase);
    }

    private static string Show(string value) => value.Length > 20 ? $"'{value[..10]}…' ({value.Length} chars)" : "'" + value.Replace("\0", "\\0") + "'";

    private static string Excerpt(string body)
    {
        var text = Regex.Replace(Regex.Replace(body, "<[^>]+>", " "), @"\s+", " ").Trim();
        return text.Length > 200 ? text[..200] : text;
    }
}

public sealed class SqliteBadInputTests(AccessMatrixSite fixture, ITestOutputHelper output) : BadInputTests(fixture, output), IClassFixture<AccessMatrixSite>
{
    protected override Task<Dictionary<string, string?>> ProviderSettingsAsync() => Task.FromResult(new Dictionary<string, string?>());
}

[Collection(KnowledgeBase.Testing.PostgresCollection.Name)]
public sealed class PostgresBadInputTests(PostgresServerFixture postgres, AccessMatrixSite fixture, ITestOutputHelper output)
    : BadInputTests(fixture, output), IClassFixture<AccessMatrixSite>
{
    protected override async Task<Dictionary<string, string?>> ProviderSettingsAsync() => new()
    {
        ["Database:Provider"] = "PostgreSql",
        ["ConnectionStrings:KnowledgeBase"] = await postgres.Server.CreateDatabaseAsync("kbfuzz"),
    };
}
