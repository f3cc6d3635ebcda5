using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using KnowledgeBase.Core.Markdown;

namespace KnowledgeBase.Core.Tests.Markdown;

public class RenderingTests
{
    private static IDocument Html(string markdown) => new HtmlParser().ParseDocument(ArticleRenderer.Render(markdown).Html);

    [Fact]
    public void Pipe_tables_render_as_tables()
    {
        var document = Html("| Setting | Value |\n| --- | --- |\n| Modern auth | On |\n");

        var table = Assert.Single(document.QuerySelectorAll("table"));
        Assert.Equal(["Setting", "Value"], table.QuerySelectorAll("thead th").Select(th => th.TextContent));
        Assert.Equal(["Modern auth", "On"], table.QuerySelectorAll("tbody td").Select(td => td.TextContent));
    }

    [Fact]
    public void Task_lists_render_disabled_check_boxes()
    {
        var document = Html("- [ ] Reset the MFA method\n- [x] Confirm the user's identity\n");

        var boxes = document.QuerySelectorAll("input");
        Assert.Equal(2, boxes.Length);
        Assert.All(boxes, box =>
        {
            Assert.Equal("checkbox", box.GetAttribute("type"));
            Assert.True(box.HasAttribute("disabled"));
        });
        Assert.False(boxes[0].HasAttribute("checked"));
        Assert.True(boxes[1].HasAttribute("checked"));
        Assert.Contains("contains-task-list", document.QuerySelector("ul")!.ClassList);
    }

    [Fact]
    public void Check_boxes_written_in_raw_html_are_disabled_too()
    {
        var box = Html("<input type=\"checkbox\">").QuerySelector("input")!;

        Assert.True(box.HasAttribute("disabled"));
    }

    [Fact]
    public void Inputs_other_than_check_boxes_are_removed()
    {
        Assert.Empty(Html("<input type=\"text\" value=\"x\"> <input type=\"password\">").QuerySelectorAll("input"));
    }

    [Fact]
    public void Fenced_code_keeps_its_language_class()
    {
        var code = Html("```powershell\nGet-MsolUser -UserPrincipalName x@example.com\n```\n").QuerySelector("pre > code")!;

        Assert.Equal("language-powershell", code.GetAttribute("class"));
        Assert.Equal("Get-MsolUser -UserPrincipalName x@example.com\n", code.TextContent);
    }

    [Fact]
    public void Classes_that_markdown_does_not_emit_are_removed()
    {
        var element = Html("<div class=\"btn btn-danger language-c#\">x</div>").QuerySelector("div")!;

        Assert.Equal("language-c#", element.GetAttribute("class"));
    }

    [Fact]
    public void Headings_get_github_style_ids()
    {
        var document = Html("# Outlook keeps prompting\n\n## Resolution steps\n");

        Assert.Equal("outlook-keeps-prompting", document.QuerySelector("h1")!.Id);
        Assert.Equal("resolution-steps", document.QuerySelector("h2")!.Id);
    }

    [Fact]
    public void Bare_urls_become_links()
    {
        var link = Html("See https://learn.microsoft.com/en-us/entra for details.").QuerySelector("a")!;

        Assert.Equal("https://learn.microsoft.com/en-us/entra", link.GetAttribute("href"));
    }

    [Fact]
    public void Bare_www_addresses_become_http_links()
    {
        var link = Html("See www.example.com today.").QuerySelector("a")!;

        Assert.Equal("http://www.example.com", link.GetAttribute("href"));
    }

    [Theory]
    [InlineData("[docs](https://learn.microsoft.com)")]
    [InlineData("[docs](HTTP://example.com)")]
    [InlineData("<a href=\"https://example.com\" rel=\"opener\">docs</a>")]
    [InlineData("https://example.com")]
    public void External_links_get_noopener_noreferrer(string markdown)
    {
        Assert.Equal("noopener noreferrer", Html(markdown).QuerySelector("a")!.GetAttribute("rel"));
    }

    [Theory]
    [InlineData("[related](/articles/outlook-password-prompt)")]
    [InlineData("[related](outlook-password-prompt)")]
    [InlineData("[steps](#resolution)")]
    [InlineData("[mail](mailto:servicedesk@example.com)")]
    public void Internal_links_get_no_rel(string markdown)
    {
        var link = Html(markdown).QuerySelector("a")!;

        Assert.NotNull(link.GetAttribute("href"));
        Assert.Null(link.GetAttribute("rel"));
    }

    [Fact]
    public void Protocol_relative_links_count_as_external()
    {
        Assert.Equal("noopener noreferrer", Html("<a href=\"//evil.example/x\">x</a>").QuerySelector("a")!.GetAttribute("rel"));
    }

    [Fact]
    public void Relative_images_keep_their_source_and_alt_text()
    {
        var image = Html("![Screenshot](images/outlook.png)").QuerySelector("img")!;

        Assert.Equal("images/outlook.png", image.GetAttribute("src"));
        Assert.Equal("Screenshot", image.GetAttribute("alt"));
    }

    [Fact]
    public void Yaml_front_matter_is_not_rendered()
    {
        var rendered = ArticleRenderer.Render("---\ntitle: Secret title\nowner: dana\n---\n# Visible\n\nBody text.\n");

        Assert.DoesNotContain("Secret title", rendered.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("owner", rendered.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Secret title", rendered.PlainText, StringComparison.Ordinal);
        Assert.Equal("Visible", rendered.FirstHeading);
    }

    [Fact]
    public void Front_matter_of_a_document_is_found_with_the_file_line_of_its_first_key()
    {
        var frontMatter = ArticleRenderer.FrontMatter("---\ntitle: X\nstate: wip\n---\n# Body\n");

        Assert.NotNull(frontMatter);
        Assert.Equal("title: X\nstate: wip", frontMatter.Value.Yaml);
        Assert.Equal(2, frontMatter.Value.FirstLine);
    }

    [Fact]
    public void A_document_without_front_matter_has_none()
    {
        Assert.Null(ArticleRenderer.FrontMatter("# Just a heading\n"));
    }

    [Fact]
    public void Plain_text_drops_markup()
    {
        var text = ArticleRenderer.ToPlainText("## Resolution\n\n1. Open **Outlook** and [sign in](https://example.com).\n2. Run `outlook.exe /safe`.\n");

        Assert.Contains("Open Outlook and sign in.", text, StringComparison.Ordinal);
        Assert.Contains("outlook.exe /safe", text, StringComparison.Ordinal);
        Assert.DoesNotContain("**", text, StringComparison.Ordinal);
        Assert.DoesNotContain("](", text, StringComparison.Ordinal);
        Assert.DoesNotContain("<", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Plain_text_is_trimmed()
    {
        Assert.Equal("Hello", ArticleRenderer.ToPlainText("\n\n  Hello  \n\n"));
    }

    [Fact]
    public void The_first_level_one_heading_is_the_first_heading()
    {
        Assert.Equal("Printer offline — Windows 11", ArticleRenderer.Render("Intro\n\n## Issue\n\nx\n\n# Printer offline — Windows 11\n\n# Second").FirstHeading);
    }

    [Fact]
    public void Inline_code_and_emphasis_count_in_the_first_heading()
    {
        Assert.Equal("Error 0x80070005 in setup.exe", ArticleRenderer.Render("# Error *0x80070005* in `setup.exe`").FirstHeading);
    }

    [Fact]
    public void A_document_without_a_level_one_heading_has_no_first_heading()
    {
        Assert.Null(ArticleRenderer.Render("## Issue\n\nOnly second level.\n").FirstHeading);
        Assert.Null(ArticleRenderer.Render("").FirstHeading);
    }

    [Fact]
    public void A_null_body_renders_as_empty()
    {
        var rendered = ArticleRenderer.Render(null!);

        Assert.Equal("", rendered.Html);
        Assert.Equal("", rendered.PlainText);
        Assert.Equal(KnowledgeBase.Core.Articles.ArticleSections.Empty, rendered.Sections);
    }

    [Fact]
    public void Preview_html_is_sanitized_like_the_saved_html()
    {
        var markdown = "# T\n\n[x](javascript:alert(1)) <img src=x onerror=alert(1)>\n";

        Assert.Equal(ArticleRenderer.Render(markdown).Html, ArticleRenderer.ToSafeHtml(markdown));
    }
}
