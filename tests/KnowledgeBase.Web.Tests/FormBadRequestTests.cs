using System.Net;
using KnowledgeBase.Core.Lifecycle;

namespace KnowledgeBase.Web.Tests;

/// <summary>Site form posts with fields that cannot be bound answer a message naming the field, not the generic error page.</summary>
public sealed class FormBadRequestTests(FormBadRequestTests.SiteFixture fixture) : IClassFixture<FormBadRequestTests.SiteFixture>
{
    public sealed class SiteFixture : IAsyncLifetime
    {
        public KnowledgeBaseSite Site { get; } = new();
        public HttpClient Client { get; private set; } = null!;

        public async Task InitializeAsync() => Client = await Site.SignedInClientAsync(KcsRole.Admin);

        public async Task DisposeAsync() => await Site.DisposeAsync();
    }

    [Theory]
    [InlineData("/tickets/pin", "system=halo", "The form was sent without the field 'instance'.")]
    [InlineData("/articles/kb-1001/flag", "comment=outdated", "The form was sent without the field 'reason'.")]
    [InlineData("/admin/users/unlock", "", "The form was sent without the field 'email'.")]
    [InlineData("/tickets/unlink", "linkId=abc", "The field 'linkId' has a value the form cannot use: 'abc'.")]
    [InlineData("/tickets/unlink", "linkId=<b>1</b>", "The field 'linkId' has a value the form cannot use: '<b>1</b>'.")]
    public async Task A_form_with_a_missing_or_unusable_field_answers_400_naming_the_field(string path, string fields, string message)
    {
        var form = fields.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(f => f.Split('=', 2)).ToDictionary(f => f[0], f => f[1]);
        var response = await KnowledgeBaseSite.PostFormAsync(fixture.Client, path, null, form, tokenPage: "/");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        // Plain text (and nosniff): the echoed value is never markup.
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        var body = await response.Content.ReadAsStringAsync();
        Assert.StartsWith(message, body);
        Assert.Contains("Nothing was saved", body);
        Assert.DoesNotContain("Exception", body);
    }
}
