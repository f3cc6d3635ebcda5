using System.Net;
using KnowledgeBase.Core.Api;
using KnowledgeBase.Core.Lifecycle;
using KnowledgeBase.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Web.Tests.Security;

/// <summary>
/// The reproductions of issue #14 point 8 (500 for out-of-range or unparsable dates and numbers) and point 7 (a NUL in
/// Markdown: 500 on PostgreSQL, stored on SQLite): each is now a 4xx that names the input, on both databases.
/// </summary>
public abstract class ReportedBadInputTests(AccessMatrixSite fixture) : IAsyncLifetime
{
    protected abstract Task<Dictionary<string, string?>> ProviderSettingsAsync();

    public Task InitializeAsync() => fixture.StartAsync(ProviderSettingsAsync);

    public Task DisposeAsync() => Task.CompletedTask;

    private HttpClient Admin => fixture.Client(fixture.Accounts.Single(a => a.Viewer.IsInternal && a.Role == KcsRole.Admin));

    [Theory]
    [InlineData("/reports?from=9999-12-31", "from")]
    [InlineData("/reports?to=0001-01-01", "to")]
    [InlineData("/reports/trend.csv?from=0001-01-01&to=9999-12-31", "from")]
    [InlineData("/?page=99999999999", "page")]
    [InlineData("/?page=abc", "page")]
    [InlineData("/admin/audit?from=garbage", "from")]
    [InlineData("/admin/audit.csv?to=garbage", "to")]
    [InlineData("/reports/tickets?offset=-5", "offset")]
    [InlineData("/reports?client=a%00b", "client")]
    public async Task A_bad_value_in_a_page_address_is_a_400_that_names_it(string path, string name)
    {
        var response = await Admin.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{path}: {(int)response.StatusCode} {body[..Math.Min(300, body.Length)]}");
        Assert.Contains(name, body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_bad_version_in_an_article_address_is_a_400_that_names_it_and_still_shows_the_article()
    {
        var response = await Admin.GetAsync($"/articles/{fixture.Seed.CustomerArticle}?from=abc");
        var body = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("'abc' is not a valid from version", body);
        Assert.Contains("Printer prints blank pages", body);
    }

    [Theory]
    [InlineData("/api/v1/reports/reuse?to=0001-01-05", "to")]
    [InlineData("/api/v1/reports/reuse?from=9999-12-31", "from")]
    [InlineData("/api/v1/articles?updatedSince=0001-01-01T00:00:00Z&limit=abc", "limit")]
    [InlineData("/api/v1/articles/search?q=printer&limit=99999999999", "limit")]
    public async Task A_bad_value_in_an_api_address_is_a_400_problem_that_names_it(string path, string name)
    {
        var client = await KeyClientAsync();
        var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{path}: {(int)response.StatusCode} {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(name, body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_nul_character_in_markdown_is_refused_with_where_it_is_on_both_databases()
    {
        var client = await KeyClientAsync();
        var response = await client.PostAsync("/api/v1/articles", new StringContent(
            """{"title":"Scanner offline","markdown":"## Issue\nThe scanner is off\u0000line.\n"}""", System.Text.Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, body);
        Assert.Contains("markdown", body);
        Assert.Contains("NUL character (U+0000) at line 2, column 19", body);
    }

    private async Task<HttpClient> KeyClientAsync()
    {
        var (_, secret) = await fixture.Site.Services.GetRequiredService<KnowledgeBase.Data.Api.ApiKeyStore>()
            .CreateAsync("reported-" + Guid.NewGuid().ToString("N")[..8], ApiScopes.All, Core.Articles.Audience.Internal, "test");
        var client = fixture.Site.CreateLoopbackClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", secret);
        return client;
    }
}

public sealed class SqliteReportedBadInputTests(AccessMatrixSite fixture) : ReportedBadInputTests(fixture), IClassFixture<AccessMatrixSite>
{
    protected override Task<Dictionary<string, string?>> ProviderSettingsAsync() => Task.FromResult(new Dictionary<string, string?>());
}

[Collection(KnowledgeBase.Testing.PostgresCollection.Name)]
public sealed class PostgresReportedBadInputTests(PostgresServerFixture postgres, AccessMatrixSite fixture) : ReportedBadInputTests(fixture), IClassFixture<AccessMatrixSite>
{
    protected override async Task<Dictionary<string, string?>> ProviderSettingsAsync() => new()
    {
        ["Database:Provider"] = "PostgreSql",
        ["ConnectionStrings:KnowledgeBase"] = await postgres.Server.CreateDatabaseAsync("kbreported"),
    };
}
