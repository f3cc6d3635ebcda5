using System.Net;
using System.Text.Json;
using KnowledgeBase.Testing;

namespace KnowledgeBase.Web.Tests;

public sealed class SiteTests : IAsyncLifetime
{
    private readonly KnowledgeBaseSite _site = new();
    private HttpClient _client = null!;

    public async Task InitializeAsync() => _client = await _site.SignedInClientAsync(KnowledgeBase.Core.Lifecycle.KcsRole.Contributor);

    public async Task DisposeAsync() => await _site.DisposeAsync();

    [Fact]
    public async Task The_site_listens_on_a_real_loopback_port()
    {
        Assert.Equal("127.0.0.1", _client.BaseAddress!.Host);
        Assert.NotEqual(0, _client.BaseAddress.Port);
        var response = await _client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_new_site_imports_the_starter_content_and_lists_it()
    {
        var html = await _client.GetStringAsync("/");
        var starterFiles = Directory.GetFiles(Path.Combine(RepositoryPaths.Content, "articles"), "*.md").Length;
        Assert.True(starterFiles >= 40, $"only {starterFiles} starter articles");
        Assert.Contains("<h1>Articles</h1>", html);
        Assert.Contains("Recently updated", html);
        Assert.Contains("Most reused", html);
        Assert.Equal(20, System.Text.RegularExpressions.Regex.Matches(html, "href=\"articles/kb-\\d+\"").Count);
        var health = await _client.GetStringAsync("/health");
        Assert.Contains($"Sqlite: {starterFiles} articles", health);
    }

    [Fact]
    public async Task An_article_page_shows_the_rendered_markdown_state_and_categories()
    {
        var html = await _client.GetStringAsync("/articles/kb-1001");
        Assert.Contains("<h2 id=\"issue\">Issue</h2>", html);
        Assert.Contains("<h2 id=\"resolution\">Resolution</h2>", html);
        Assert.Matches("class=\"badge state-(validated|notvalidated|wip|archived)\"", html);
        Assert.Contains("class=\"category\"", html);
        Assert.Contains("Revision history", html);
    }

    [Fact]
    public async Task Every_script_and_stylesheet_a_page_references_is_served()
    {
        var html = await _client.GetStringAsync("/");
        var assets = System.Text.RegularExpressions.Regex.Matches(html, "(?:src|href)=\"([^\"]+\\.(?:js|css))\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Contains(assets, a => a.StartsWith("_framework/blazor.web.", StringComparison.Ordinal));
        foreach (var asset in assets)
            Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/" + asset)).StatusCode);
    }

    [Fact]
    public async Task An_unknown_article_answers_404_with_a_page_that_offers_a_search()
    {
        var response = await _client.GetAsync("/articles/outlook-password-prompt");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Article not found", html);
        Assert.Contains("outlook-password-prompt", html);
        Assert.Contains("href=\"/?q=outlook%20password%20prompt\"", html);

        var page = await _client.GetAsync("/no/such/page");
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Contains("There is nothing at <code>/no/such/page</code>", await page.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/api")]
    [InlineData("/api-reference")]
    [InlineData("/api-reference/")]
    public async Task The_api_reference_is_reached_from_each_address_a_person_tries(string address)
    {
        var response = await _client.GetAsync(address);
        for (var hops = 0; hops < 3 && (int)response.StatusCode is >= 300 and < 400; hops++)
            response = await _client.GetAsync(response.Headers.Location!);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<title>API reference · KnowledgeBase</title>", await response.Content.ReadAsStringAsync());
        Assert.Equal("/api-reference/", response.RequestMessage!.RequestUri!.AbsolutePath);
    }

    [Fact]
    public async Task A_long_search_in_the_address_gets_the_search_page_with_a_message_not_an_empty_414()
    {
        // 2,000 characters pasted into the search box in Cyrillic: about 11 KB once percent-encoded (Kestrel's default
        // request line is 8 KB).
        var query = string.Concat(Enumerable.Repeat("Принтер не печатает после обновления ", 60))[..2000];
        await _site.WaitForSearchAsync();
        var response = await _client.GetAsync("/?q=" + Uri.EscapeDataString(query));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Only the first 1,000 characters of the query were used", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Health_reports_the_database_as_healthy_with_its_provider()
    {
        var response = await _client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var database = json.RootElement.GetProperty("checks").GetProperty("database");
        Assert.Equal("Healthy", database.GetProperty("status").GetString());
        Assert.StartsWith("Sqlite:", database.GetProperty("description").GetString());
    }

    [Fact]
    public async Task The_sqlite_database_lives_in_the_data_directory_in_wal_mode()
    {
        await _client.GetStringAsync("/health");
        var file = Path.Combine(_site.DataDirectory, "knowledgebase.db");
        Assert.True(File.Exists(file));
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={file}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task An_unknown_state_filter_says_what_is_wrong()
    {
        var html = await _client.GetStringAsync("/?state=Shiny");
        Assert.Contains("Unknown state &#x27;Shiny&#x27;.", html);
    }

    [Fact]
    public async Task The_state_filter_reads_the_api_spelling_and_refuses_numbers()
    {
        // The state facet's values are the API's wire names; the address read them with Enum.TryParse, which refused
        // "not-validated" and took "1" for Not Validated.
        await _site.WaitForSearchAsync();
        var html = await _client.GetStringAsync("/?q=password&state=not-validated&state=Validated");
        Assert.DoesNotContain("Unknown state", html);
        Assert.Contains("Unknown state &#x27;1&#x27;.", await _client.GetStringAsync("/?state=1"));
    }
}

[Collection(KnowledgeBase.Testing.PostgresCollection.Name)]
public sealed class PostgresSiteTests(PostgresServerFixture postgres)
{
    [Fact]
    public async Task The_site_runs_on_postgresql_when_configured()
    {
        var connectionString = await postgres.Server.CreateDatabaseAsync();
        await using var site = new KnowledgeBaseSite(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "PostgreSql",
            ["ConnectionStrings:KnowledgeBase"] = connectionString,
        });
        var client = await site.SignedInClientAsync(KnowledgeBase.Core.Lifecycle.KcsRole.Candidate);

        var health = await client.GetStringAsync("/health");
        Assert.Contains("PostgreSql:", health);
        Assert.Matches("href=\"articles/kb-\\d+\"", await client.GetStringAsync("/"));
        Assert.Contains("<h2 id=\"issue\">Issue</h2>", await client.GetStringAsync("/articles/kb-1001"));
    }

    [Fact]
    public void Postgresql_without_a_connection_string_fails_at_start_with_a_clear_message()
    {
        using var site = new KnowledgeBaseSite(new Dictionary<string, string?> { ["Database:Provider"] = "PostgreSql" });
        var error = Assert.ThrowsAny<Exception>(() => site.CreateLoopbackClient());
        var message = error.ToString();
        Assert.Contains("ConnectionStrings:KnowledgeBase is required when Database:Provider is PostgreSql", message);
    }

    [Fact]
    public void A_negative_result_cache_size_fails_at_start_with_a_clear_message()
    {
        using var site = new KnowledgeBaseSite(new Dictionary<string, string?> { ["Search:ResultCacheEntries"] = "-1" });
        var error = Assert.ThrowsAny<Exception>(() => site.CreateLoopbackClient());
        Assert.Contains("Search:ResultCacheEntries must be between 0 and 1000000 (got -1)", error.ToString());
    }
}
