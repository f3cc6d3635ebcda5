using AngleSharp.Html.Parser;
using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Categories;
using KnowledgeBase.Core.Lifecycle;
using KnowledgeBase.Core.Tests.Markdown;
using KnowledgeBase.Data;
using KnowledgeBase.Data.Articles;
using KnowledgeBase.Data.Audit;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Web.Tests;

/// <summary>
/// The XSS corpus sent through every user-controlled field the site renders — titles, tags, owners, change notes,
/// category names and owners, audit details — and checked in the HTML a browser would get.
/// </summary>
public sealed class UserFieldXssTests(UserFieldXssTests.SiteFixture fixture) : IClassFixture<UserFieldXssTests.SiteFixture>
{
    public sealed class SiteFixture : IAsyncLifetime
    {
        public KnowledgeBaseSite Site { get; } = new();
        public HttpClient Admin { get; private set; } = null!;

        public async Task InitializeAsync() => Admin = await Site.SignedInClientAsync(KcsRole.Admin);

        public async Task DisposeAsync() => await Site.DisposeAsync();
    }

    public static TheoryData<int> Payloads()
    {
        var data = new TheoryData<int>();
        for (var i = 0; i < XssPayloads.All.Count; i++) data.Add(i);
        return data;
    }

    [Theory]
    [MemberData(nameof(Payloads))]
    public async Task No_payload_in_a_user_controlled_field_becomes_executable_in_any_page(int index)
    {
        var payload = XssPayloads.All[index];
        var site = fixture.Site;
        var categoryId = $"xss-{index}";
        var articleId = $"xss-article-{index}";
        await using (var db = site.Services.GetRequiredService<KnowledgeBaseContextFactory>().CreateDbContext())
        {
            db.Categories.Add(new TicketCategory { Id = categoryId, Name = "Category " + payload, Owner = "owner " + payload, Description = payload });
            await db.SaveChangesAsync();
        }
        var store = site.Services.GetRequiredService<ArticleStore>();
        await store.CreateAsync(new Actor("writer " + payload, KcsRole.Admin), articleId, new ArticleEdit
        {
            // Titles refuse control, invisible and direction-changing characters with a validation error; tags longer
            // than 50 characters once normalized are refused too. The rest of the payload stays.
            Title = new string(("Title " + payload).Select(c => KnowledgeBase.Core.Inputs.StoredText.NameProblem(c.ToString()) is null ? c : ' ').Take(290).ToArray()),
            // A NUL is refused in stored text (StoredTextTests); the payload without it is still a payload.
            Body = "## Issue\n" + payload.Replace("\0", "", StringComparison.Ordinal),
            Categories = [categoryId],
            Tags = [ArticleTag.IsTooLong(payload) ? payload[..Math.Min(payload.Length, 40)] : payload],
            ChangeNote = "note " + payload.Replace("\0", "", StringComparison.Ordinal),
        });
        await site.Services.GetRequiredService<AuditLog>().RecordAsync("actor " + payload, "user.sign-in-failed", "target " + payload, "details " + payload);

        foreach (var path in new[] { $"/articles/{articleId}", $"/?category={categoryId}", "/admin/audit?action=user.sign-in-failed" })
        {
            var html = await fixture.Admin.GetStringAsync(path);
            AssertNothingExecutable(html, path);
        }
    }

    private static void AssertNothingExecutable(string html, string page)
    {
        var document = new HtmlParser().ParseDocument(html);
        foreach (var element in document.All)
        {
            var name = element.LocalName;
            if (name == "script")
            {
                // Only the site's own script files.
                var src = element.GetAttribute("src") ?? "";
                Assert.True(src.StartsWith("_framework/", StringComparison.Ordinal) || src.StartsWith("Components/", StringComparison.Ordinal) || src.StartsWith("js/", StringComparison.Ordinal), $"{page}: unexpected <script src=\"{src}\">");
                continue;
            }
            Assert.DoesNotContain(name, new[] { "iframe", "object", "embed", "svg", "math", "style", "base", "meta" }.Where(_ => element.ParentElement?.LocalName != "head"));
            foreach (var attribute in element.Attributes)
            {
                Assert.False(attribute.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase), $"{page}: event handler {attribute.Name} on <{name}>");
                if (attribute.Name is "href" or "src" or "action" or "formaction" or "xlink:href")
                {
                    var value = new string(attribute.Value.Where(c => !char.IsWhiteSpace(c) && !char.IsControl(c)).ToArray()).ToLowerInvariant();
                    Assert.False(value.StartsWith("javascript:", StringComparison.Ordinal) || value.StartsWith("vbscript:", StringComparison.Ordinal)
                        || value.StartsWith("data:text/html", StringComparison.Ordinal), $"{page}: {attribute.Name}={attribute.Value}");
                }
                Assert.NotEqual("srcdoc", attribute.Name);
            }
            if (element.ParentElement?.LocalName != "head")
                Assert.NotEqual("style", name);
        }
    }
}
