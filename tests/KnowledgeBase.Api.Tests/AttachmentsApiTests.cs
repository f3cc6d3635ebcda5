using System.Net;
using System.Net.Http.Headers;
using System.Text;
using KnowledgeBase.Core.Api;
using KnowledgeBase.Core.Articles;
using KnowledgeBase.Web.Api;

namespace KnowledgeBase.Api.Tests;

/// <summary>Attachments through the API: upload with kb.write, list and fetch with kb.read, the audience rule for customer keys, limits as problem+json, the OpenAPI document.</summary>
public sealed class AttachmentsApiTests : IAsyncLifetime
{
    private readonly ApiSite _api = new(new Dictionary<string, string?> { ["Attachments:MaxFileBytes"] = "100000" });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _api.DisposeAsync();

    private static byte[] Png(int length)
    {
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }.CopyTo(bytes, 0);
        return bytes;
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, byte[] bytes, string name)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return await client.PostAsync("/api/v1/attachments?fileName=" + Uri.EscapeDataString(name), content);
    }

    [Fact]
    public async Task A_writer_uploads_links_and_a_customer_key_reads_the_file_only_once_the_article_is_published_to_customers()
    {
        var writer = _api.Client(await _api.KeyAsync(Audience.Internal, ApiScopes.Read, ApiScopes.Write));
        var customer = _api.Client(await _api.KeyAsync(Audience.Customer, ApiScopes.Read));
        var bytes = Png(30_000);

        var created = await UploadAsync(writer, bytes, "spooler error.png");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var file = await created.BodyAsync();
        var sha = file.GetProperty("sha256").GetString()!;
        Assert.Equal($"/api/v1/attachments/{sha}", created.Headers.Location!.OriginalString);
        Assert.Equal("image/png", file.GetProperty("mediaType").GetString());
        var markdown = file.GetProperty("markdown").GetString()!;
        Assert.Equal($"![spooler error](/attachments/{sha}/spooler%20error.png)", markdown);

        var article = await _api.ArticleAsync("Spooler error on start", KcsState.Validated, body: $"## Issue\nThe spooler stops.\n\n{markdown}\n");
        var fetched = await writer.GetAsync($"/api/v1/attachments/{sha}");
        Assert.Equal(bytes, await fetched.Content.ReadAsByteArrayAsync());
        Assert.Equal("image/png", fetched.Content.Headers.ContentType!.MediaType);
        Assert.Equal("nosniff", fetched.Headers.GetValues("X-Content-Type-Options").Single());
        var listed = (await (await writer.GetAsync($"/api/v1/articles/{article.Id}/attachments")).BodyAsync()).GetProperty("items");
        Assert.Equal(sha, Assert.Single(listed.EnumerateArray()).GetProperty("sha256").GetString());

        await (await customer.GetAsync($"/api/v1/attachments/{sha}")).AssertProblemAsync(404, ApiProblems.NotFound);
        await (await customer.GetAsync($"/api/v1/articles/{article.Id}/attachments")).AssertProblemAsync(404, ApiProblems.NotFound);

        await _api.Articles.UpdateAsync(new KnowledgeBase.Core.Lifecycle.Actor("pub", KnowledgeBase.Core.Lifecycle.KcsRole.Publisher), article.Id, article.Version,
            new ArticleEdit { Title = article.Title, Body = article.Body, State = KcsState.Validated, Audience = Audience.Customer });
        Assert.Equal(bytes, await (await customer.GetAsync($"/api/v1/attachments/{sha}")).Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Too_large_and_refused_files_are_problems_that_say_why()
    {
        var writer = _api.Client(await _api.KeyAsync(Audience.Internal, ApiScopes.Write));

        await (await UploadAsync(writer, Png(100_001), "big.png")).AssertProblemAsync(413, ApiProblems.PayloadTooLarge);
        var refused = await UploadAsync(writer, [0x7F, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1], "tool.txt");
        await refused.AssertProblemAsync(415, ApiProblems.TypePrefix + "file-type-refused");
        Assert.Contains("Linux executables", await refused.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_openapi_document_describes_upload_fetch_and_list_with_their_scopes()
    {
        var document = await (await _api.Client().GetAsync("/openapi/v1.json")).BodyAsync();
        var paths = document.GetProperty("paths");
        var upload = paths.GetProperty("/api/v1/attachments").GetProperty("post");
        Assert.True(upload.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/octet-stream", out _));
        Assert.Contains("kb.write", upload.GetProperty("description").GetString());
        Assert.Contains("kb.read", paths.GetProperty("/api/v1/attachments/{sha256}").GetProperty("get").GetProperty("description").GetString());
        Assert.Contains("kb.read", paths.GetProperty("/api/v1/articles/{id}/attachments").GetProperty("get").GetProperty("description").GetString());
    }
}
