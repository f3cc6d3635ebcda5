using System.Net;
using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Lifecycle;
using KnowledgeBase.Data.Articles;
using KnowledgeBase.Data.Tickets;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Web.Tests;

/// <summary>The article page's solve-loop features over HTTP: Flag it, and the diff between two versions.</summary>
public sealed class ArticlePageFeatureTests(ArticlePageFeatureTests.SiteFixture fixture) : IClassFixture<ArticlePageFeatureTests.SiteFixture>
{
    public sealed class SiteFixture : IAsyncLifetime
    {
        public KnowledgeBaseSite Site { get; } = new();
        public HttpClient Contributor { get; private set; } = null!;

        public async Task InitializeAsync() => Contributor = await Site.SignedInClientAsync(KcsRole.Contributor);

        public async Task DisposeAsync() => await Site.DisposeAsync();
    }

    [Fact]
    public async Task Flagging_an_article_puts_an_open_flag_on_it_and_says_so()
    {
        var response = await KnowledgeBaseSite.PostFormAsync(fixture.Contributor, "/articles/kb-1003/flag", null,
            new() { ["reason"] = "Outdated", ["comment"] = "The portal moved to a new address" }, tokenPage: "/articles/kb-1003");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = await fixture.Contributor.GetStringAsync(response.Headers.Location!.OriginalString);
        Assert.Contains("the flag is in the owner&#x27;s review queue", page);
        Assert.Contains("Open flag: <strong>Outdated</strong>", page);
        Assert.Contains("The portal moved to a new address", page);
        var flags = await fixture.Site.Services.GetRequiredService<ReuseLedger>().FlagsAsync("kb-1003");
        Assert.Equal(FlagReasonOf("Outdated"), Assert.Single(flags).Reason);
    }

    [Fact]
    public async Task The_revision_history_shows_what_changed_between_two_versions()
    {
        var store = fixture.Site.Services.GetRequiredService<ArticleStore>();
        var article = await store.FindAsync("kb-1006");
        await store.UpdateAsync(new Actor("casey@test.local", KcsRole.Contributor), "kb-1006", article!.Version, new ArticleEdit
        {
            Title = article.Title, Body = article.Body.Replace("## Cause", "## Cause\nA line added for the diff test.\n", StringComparison.Ordinal),
            State = article.State, Audience = article.Audience, Categories = article.CategoryIds.ToList(), Tags = article.TagNames.ToList(),
        });

        var page = await fixture.Contributor.GetStringAsync($"/articles/kb-1006?from={article.Version}&to={article.Version + 1}");

        Assert.Contains($"Changes from version {article.Version} to version {article.Version + 1}", page);
        Assert.Contains("<span class=\"diff-added\">+ A line added for the diff test.", WebUtility.HtmlDecode(page));
        Assert.DoesNotContain("diff-removed", page);
    }

    [Fact]
    public async Task An_article_for_named_clients_says_whose_environment_it_is_written_for()
    {
        var store = fixture.Site.Services.GetRequiredService<ArticleStore>();
        var actor = new Actor("casey@test.local", KcsRole.Contributor);
        await store.CreateAsync(actor, "kb-client-one", new ArticleEdit { Title = "Contoso VPN drops every 20 minutes", Body = "## Issue\nDrops.\n", Clients = ["Contoso"] });
        await store.CreateAsync(actor, "kb-client-two", new ArticleEdit { Title = "Order-entry app loses its SQL server", Body = "## Issue\nLost.\n", Clients = ["Fabrikam, Inc.", "Contoso"] });

        var one = WebUtility.HtmlDecode(await fixture.Contributor.GetStringAsync("/articles/kb-client-one"));
        Assert.Contains("Client: Contoso</span>", one);
        Assert.Contains("Written for Contoso's environment, not for every client.", one);
        var two = WebUtility.HtmlDecode(await fixture.Contributor.GetStringAsync("/articles/kb-client-two"));
        Assert.Contains("Client: Fabrikam, Inc.</span>", two);
        // Two names, one of them with a comma of its own: listed with semicolons, never "Contoso, Fabrikam, Inc.'s".
        Assert.Contains("Written for the environments of Contoso; Fabrikam, Inc. — not for every client.", two);
    }

    private static KnowledgeBase.Core.Tickets.FlagReason FlagReasonOf(string name) => Enum.Parse<KnowledgeBase.Core.Tickets.FlagReason>(name);
}
