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
    public async Task An_unknown_article_says_it_does_not_exist()
    {
        var html = await _client.GetStringAsync("/articles/no-such-article");
        Assert.Contains("Article not found", html);
        Assert.Contains("no-such-article", html);
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
