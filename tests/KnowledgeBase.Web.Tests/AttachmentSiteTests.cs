using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Lifecycle;
using KnowledgeBase.Data.Articles;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Web.Tests;

/// <summary>
/// Attachments on the site over real HTTP: the editor's upload (antiforgery, limits, refused types), how files are
/// served (type, nosniff, caching, inline only for raster images, sandboxed), hostile files, the audience rule by
/// direct address, and a second node serving what the first stored.
/// </summary>
public sealed class AttachmentSiteTests(AttachmentSiteTests.SiteFixture fixture) : IClassFixture<AttachmentSiteTests.SiteFixture>
{
    public sealed class SiteFixture : IAsyncLifetime
    {
        public KnowledgeBaseSite Site { get; } = new(new Dictionary<string, string?> { ["Attachments:MaxFileBytes"] = "200000" });
        public HttpClient Author { get; private set; } = null!;
        public HttpClient Customer { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Author = await Site.SignedInClientAsync(KcsRole.Publisher);
            Customer = await Site.SignedInClientAsync(KcsRole.Publisher, Audience.Customer);
        }

        public async Task DisposeAsync() => await Site.DisposeAsync();
    }

    private static readonly Actor Publisher = new("pub.files", KcsRole.Publisher);

    internal static byte[] Png(int length = 64)
    {
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }.CopyTo(bytes, 0);
        return bytes;
    }

    private async Task<HttpResponseMessage> UploadAsync(byte[] bytes, string name, bool withToken = true)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/attachments?name=" + Uri.EscapeDataString(name)) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        if (withToken) request.Headers.Add("RequestVerificationToken", KnowledgeBaseSite.AntiforgeryToken(await fixture.Author.GetStringAsync("/account/denied")));
        return await fixture.Author.SendAsync(request);
    }

    private async Task<JsonElement> UploadedAsync(byte[] bytes, string name)
    {
        var response = await UploadAsync(bytes, name);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    private static string Url(JsonElement uploaded) => uploaded.GetProperty("url").GetString()!;

    [Fact]
    public async Task An_upload_answers_the_markdown_that_shows_the_image_and_the_image_is_served_inline_and_cached_for_good()
    {
        var bytes = Png(5_000);
        var uploaded = await UploadedAsync(bytes, "Outlook prompt.png");
        Assert.Equal($"![Outlook prompt]({Url(uploaded)})", uploaded.GetProperty("markdown").GetString());
        Assert.True(uploaded.GetProperty("isImage").GetBoolean());

        var response = await fixture.Author.GetAsync(Url(uploaded));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(bytes, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("image/png", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("inline", response.Content.Headers.ContentDisposition!.DispositionType);
        var cache = response.Headers.CacheControl!;
        Assert.True(cache.Private && cache.MaxAge == TimeSpan.FromDays(365) && cache.Extensions.Any(e => e.Name == "immutable"), cache.ToString());
        Assert.Contains("sandbox", response.Headers.GetValues("Content-Security-Policy").Single());
        var etag = response.Headers.ETag!;

        using var again = new HttpRequestMessage(HttpMethod.Get, Url(uploaded));
        again.Headers.IfNoneMatch.Add(etag);
        Assert.Equal(HttpStatusCode.NotModified, (await fixture.Author.SendAsync(again)).StatusCode);
    }

    [Fact]
    public async Task An_upload_without_the_pages_antiforgery_token_is_refused()
    {
        var response = await UploadAsync(Png(), "shot.png", withToken: false);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("antiforgery", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_file_too_large_or_of_a_refused_type_gets_a_message_that_says_so()
    {
        var large = await UploadAsync(Png(200_001), "whole-screen.png");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, large.StatusCode);
        Assert.Equal("“whole-screen.png” is larger than 195.3 KB, the most one file may be.", JsonDocument.Parse(await large.Content.ReadAsStringAsync()).RootElement.GetProperty("message").GetString());

        var exe = await UploadAsync([(byte)'M', (byte)'Z', 0x90, 0x00, 0x03], "setup.png");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, exe.StatusCode);
        Assert.Contains("Programs (Windows executables) are not accepted", await exe.Content.ReadAsStringAsync());
    }

    public static TheoryData<string, string, string, string> HostileFiles() => new()
    {
        // name, content, expected content type, expected download name
        { "diagram.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(document.cookie)</script></svg>", "image/svg+xml", "diagram.svg" },
        { "page.html", "<!doctype html><html><body><script>fetch('/admin/users')</script></body></html>", "text/plain", "page.html.txt" },
        { "innocent.png", "<html><script>alert(1)</script></html>", "text/plain", "innocent.png.txt" },
    };

    [Theory]
    [MemberData(nameof(HostileFiles))]
    public async Task A_file_that_could_run_script_is_served_as_a_sandboxed_download_of_its_real_type(string name, string content, string type, string downloadName)
    {
        var uploaded = await UploadedAsync(Encoding.UTF8.GetBytes(content), name);

        var response = await fixture.Author.GetAsync(Url(uploaded));
        Assert.Equal(type, response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal(downloadName, response.Content.Headers.ContentDisposition.FileNameStar);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("sandbox", response.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task A_polyglot_gif_with_script_is_only_ever_an_image()
    {
        // Valid GIF header, then JavaScript: a page that loaded it with <script src> would run it without nosniff.
        var polyglot = Encoding.ASCII.GetBytes("GIF89a/*\x01\x00\x01\x00\x00\x00\x00*/=alert(document.domain)//;");
        var uploaded = await UploadedAsync(polyglot, "pixel.js");

        var response = await fixture.Author.GetAsync(Url(uploaded).Replace("pixel.js", "pixel.gif"));
        Assert.Equal("image/gif", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("sandbox", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("pixel.js.gif", uploaded.GetProperty("fileName").GetString());
    }

    [Fact]
    public async Task A_customer_is_refused_an_internal_articles_file_by_its_address_until_the_article_is_published_to_customers()
    {
        var uploaded = await UploadedAsync(Encoding.UTF8.GetBytes("kookaburra-internal relay settings"), "relay.log");
        var store = fixture.Site.Services.GetRequiredService<ArticleStore>();
        var article = await store.CreateAsync(Publisher, null, new ArticleEdit
        {
            Title = "Relay settings after the move", Body = $"## Issue\nRelay.\n\n{uploaded.GetProperty("markdown").GetString()}\n", State = KcsState.Validated,
        });

        var refused = await fixture.Customer.GetAsync(Url(uploaded));
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.DoesNotContain("kookaburra-internal", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await fixture.Author.GetAsync(Url(uploaded))).StatusCode);

        await store.UpdateAsync(Publisher, article.Id, article.Version, new ArticleEdit
        {
            Title = article.Title, Body = article.Body, State = KcsState.Validated, Audience = Audience.Customer,
        });
        var allowed = await fixture.Customer.GetAsync(Url(uploaded));
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal("kookaburra-internal relay settings", await allowed.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_article_page_shows_a_saved_image_from_its_address()
    {
        var uploaded = await UploadedAsync(Png(300), "error.png");
        var article = await fixture.Site.Services.GetRequiredService<ArticleStore>().CreateAsync(Publisher, null, new ArticleEdit
        {
            Title = "Error dialog on start", Body = $"## Issue\nThe dialog:\n\n{uploaded.GetProperty("markdown").GetString()}\n", State = KcsState.Validated,
        });

        var page = await fixture.Author.GetStringAsync($"/articles/{article.Id}");
        Assert.Contains($"<img src=\"{Url(uploaded)}\" alt=\"error\"", page);
    }

    [Fact]
    public async Task A_file_stored_through_one_node_is_served_by_another_node_of_the_same_database()
    {
        var uploaded = await UploadedAsync(Png(700_00), "node-one.png");
        await using var second = new KnowledgeBaseSite(new Dictionary<string, string?>
        {
            ["ConnectionStrings:KnowledgeBase"] = $"Data Source={Path.Combine(fixture.Site.DataDirectory, "knowledgebase.db")}",
            ["Node:Id"] = "node-two",
        });
        var client = await second.SignedInClientAsync(KcsRole.Candidate);

        var response = await client.GetAsync(Url(uploaded));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Png(700_00), await response.Content.ReadAsByteArrayAsync());
    }
}

/// <summary>Two nodes on one PostgreSQL database: a file uploaded through one is served by the other, to a reader it is visible to only.</summary>
[Collection(KnowledgeBase.Testing.PostgresCollection.Name)]
public sealed class PostgresTwoNodeAttachmentTests(KnowledgeBase.Testing.PostgresServerFixture postgres)
{
    [Fact]
    public async Task A_file_uploaded_on_one_node_is_served_by_the_other_and_refused_to_a_customer_there()
    {
        var connection = await postgres.Server.CreateDatabaseAsync("kbfiles");
        Dictionary<string, string?> Node(string id) => new()
        {
            ["Database:Provider"] = "PostgreSql", ["ConnectionStrings:KnowledgeBase"] = connection, ["Node:Id"] = id,
        };
        await using var one = new KnowledgeBaseSite(Node("node-one"));
        var author = await one.SignedInClientAsync(KcsRole.Publisher);
        var bytes = AttachmentSiteTests.Png(600_000);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/attachments?name=shot.png") { Content = new ByteArrayContent(bytes) };
        request.Headers.Add("RequestVerificationToken", KnowledgeBaseSite.AntiforgeryToken(await author.GetStringAsync("/account/denied")));
        var uploaded = await author.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        var url = JsonDocument.Parse(await uploaded.Content.ReadAsStringAsync()).RootElement.GetProperty("url").GetString()!;

        await using var two = new KnowledgeBaseSite(Node("node-two"));
        var reader = await two.SignedInClientAsync(KcsRole.Candidate);
        var customer = await two.SignedInClientAsync(KcsRole.Candidate, Audience.Customer);

        var served = await reader.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal(bytes, await served.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await customer.GetAsync(url)).StatusCode);
    }
}
