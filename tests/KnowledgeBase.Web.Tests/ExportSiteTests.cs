using System.IO.Compression;
using System.Net;
using System.Text;
using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Lifecycle;
using KnowledgeBase.Data.Articles;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Web.Tests;

/// <summary>
/// The portable ZIP from the site (issue #17.6): one article from its page for internal accounts, the whole knowledge
/// base for Knowledge Domain Experts and Admins; a customer can never export, not even a customer article.
/// </summary>
public sealed class ExportSiteTests(ExportSiteTests.SiteFixture fixture) : IClassFixture<ExportSiteTests.SiteFixture>
{
    public sealed class SiteFixture : IAsyncLifetime
    {
        public KnowledgeBaseSite Site { get; } = new();
        public HttpClient Candidate { get; private set; } = null!;
        public HttpClient Publisher { get; private set; } = null!;
        public HttpClient Expert { get; private set; } = null!;
        public HttpClient Customer { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Candidate = await Site.SignedInClientAsync(KcsRole.Candidate);
            Publisher = await Site.SignedInClientAsync(KcsRole.Publisher);
            Expert = await Site.SignedInClientAsync(KcsRole.KnowledgeDomainExpert);
            Customer = await Site.SignedInClientAsync(KcsRole.Admin, Audience.Customer);
            await Site.Services.GetRequiredService<ArticleStore>().CreateAsync(new Actor("kim", KcsRole.Admin), "exp-customer", new ArticleEdit
            {
                Title = "Reset your password", Body = "## Issue\r\nLocked out.\r\n", State = KcsState.Validated, Audience = Audience.Customer,
            });
            await Site.Services.GetRequiredService<ArticleStore>().CreateAsync(new Actor("kim", KcsRole.Admin), "exp-internal", new ArticleEdit
            {
                Title = "Relay credentials", Body = "Internal only", State = KcsState.Validated,
            });
        }

        public async Task DisposeAsync() => await Site.DisposeAsync();
    }

    private static async Task<List<string>> EntriesAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType!.MediaType);
        using var zip = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
        return zip.Entries.Select(e => e.FullName).ToList();
    }

    [Fact]
    public async Task An_internal_reader_downloads_one_article_as_a_zip_from_its_page()
    {
        var page = await fixture.Candidate.GetStringAsync("/articles/exp-internal");
        Assert.Contains("href=\"articles/exp-internal/export.zip\"", page);

        var response = await fixture.Candidate.GetAsync("/articles/exp-internal/export.zip");

        Assert.Equal(["articles/exp-internal.md", "categories.yml", "manifest.json"], (await EntriesAsync(response)).Order(StringComparer.Ordinal));
        Assert.Equal("exp-internal.zip", response.Content.Headers.ContentDisposition!.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName);
    }

    [Fact]
    public async Task The_whole_knowledge_base_is_exported_for_a_domain_expert_but_not_for_a_publisher()
    {
        var categories = await fixture.Expert.GetStringAsync("/categories");
        Assert.Contains("href=\"export/knowledge-base.zip\"", categories);
        Assert.DoesNotContain("export/knowledge-base.zip", await fixture.Publisher.GetStringAsync("/categories"));

        var entries = await EntriesAsync(await fixture.Expert.GetAsync("/export/knowledge-base.zip"));
        Assert.Contains("articles/exp-internal.md", entries);
        Assert.Contains("articles/exp-customer.md", entries);

        var refused = await fixture.Publisher.GetAsync("/export/knowledge-base.zip");
        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
        Assert.NotEqual("application/zip", refused.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_customer_can_never_export_not_even_a_customer_article_it_may_read()
    {
        var page = await fixture.Customer.GetStringAsync("/articles/exp-customer");
        Assert.Contains("Reset your password", page);
        Assert.DoesNotContain("export.zip", page);

        foreach (var path in new[] { "/articles/exp-customer/export.zip", "/articles/exp-internal/export.zip", "/export/knowledge-base.zip" })
        {
            var response = await fixture.Customer.GetAsync(path);
            Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
            Assert.NotEqual("application/zip", response.Content.Headers.ContentType?.MediaType);
            Assert.DoesNotContain("Locked out", await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task An_article_that_does_not_exist_answers_404()
    {
        var response = await fixture.Candidate.GetAsync("/articles/no-such-article/export.zip");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
