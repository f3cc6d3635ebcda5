using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using KnowledgeBase.Core.Markdown;

namespace KnowledgeBase.Core.Tests.Markdown;

/// <summary>The Microsoft Learn and GitHub extensions found in imported articles: each is understood or dropped cleanly,
/// in the rendered page and in plain text, and none shows as raw markup.</summary>
public class DocsExtensionTests
{
    private static IDocument Html(string markdown) => new HtmlParser().ParseDocument(ArticleRenderer.Render(markdown).Html);

    private static string Text(IDocument document) => document.Body!.TextContent;

    [Fact]
    public void A_content_image_whose_file_was_not_imported_shows_a_placeholder_with_its_alt_text()
    {
        var page = Html("Run the command.\n\n:::image type=\"content\" source=\"./media/tar-command.png\" alt-text=\"Screenshot of tar command.\" border=\"true\":::\n");
        Assert.Equal("Image not included: Screenshot of tar command.", page.QuerySelector("span.docs-image")!.TextContent);
        Assert.Empty(page.QuerySelectorAll("img"));
        Assert.DoesNotContain(":::", Text(page));
        Assert.Equal("Run the command.\nScreenshot of tar command.", ArticleRenderer.ToPlainText("Run the command.\n\n:::image type=\"content\" source=\"./media/x.png\" alt-text=\"Screenshot of tar command.\":::"));
    }

    [Fact]
    public void An_image_with_an_absolute_address_shows_as_an_image()
    {
        var image = Html(":::image type=\"content\" source=\"https://learn.example.com/a.png\" alt-text=\"The dialog\":::").QuerySelector("img")!;
        Assert.Equal("https://learn.example.com/a.png", image.GetAttribute("src"));
        Assert.Equal("The dialog", image.GetAttribute("alt"));
    }

    [Fact]
    public void An_icon_image_inside_a_sentence_is_named_by_its_alt_text()
    {
        var page = Html("Select the :::image type=\"icon\" source=\"../media/gear.png\" alt-text=\"Settings\"::: icon.");
        Assert.Equal("Select the Settings icon.", page.QuerySelector("p")!.TextContent);
    }

    [Fact]
    public void A_no_loc_directive_shows_its_text()
    {
        var page = Html("Copy it to the *:::no-loc text=\"~/dumps/symbols\":::* directory.");
        Assert.Equal("Copy it to the ~/dumps/symbols directory.", page.QuerySelector("p")!.TextContent);
        Assert.Equal("~/dumps/symbols", page.QuerySelector("em")!.TextContent);
    }

    [Fact]
    public void A_code_include_says_the_sample_is_not_included()
    {
        var page = Html(":::code language=\"csharp\" source=\"~/samples/Program.cs\" range=\"3-10\":::");
        Assert.Equal("Code sample not included (Program.cs)", page.QuerySelector("span.docs-omitted")!.TextContent);
        Assert.Equal("", ArticleRenderer.ToPlainText(":::code language=\"csharp\" source=\"~/samples/Program.cs\":::"));
    }

    [Fact]
    public void Zone_and_moniker_markers_vanish_and_every_zone_is_shown()
    {
        var page = Html(":::zone pivot=\"windows\"\nOn Windows, run setup.exe.\n:::zone-end\n\n:::zone pivot=\"linux\"\n\nOn Linux, run setup.sh.\n\n:::zone-end\n\n:::moniker range=\">=v2\"\nVersion 2.\n:::moniker-end");
        Assert.Equal(["On Windows, run setup.exe.", "On Linux, run setup.sh.", "Version 2."], page.QuerySelectorAll("p").Select(p => p.TextContent.Trim()));
        Assert.DoesNotContain(":::", Text(page));
    }

    [Fact]
    public void Row_and_column_markers_vanish()
    {
        var page = Html(":::row:::\n:::column span=\"2\":::\nLeft side.\n:::column-end:::\n:::column:::\nRight side.\n:::column-end:::\n:::row-end:::");
        Assert.DoesNotContain(":::", Text(page));
        Assert.Contains("Left side.", Text(page));
        Assert.Contains("Right side.", Text(page));
    }

    [Fact]
    public void An_include_is_dropped_without_leaving_an_empty_paragraph()
    {
        var page = Html("Intro.\n\n[!INCLUDE [Azure Help Support](../../includes/azure-help-support.md)]\n\nOutro, [!INCLUDE [](../includes/x.md)] inline.");
        Assert.Equal(["Intro.", "Outro,  inline."], page.QuerySelectorAll("p").Select(p => p.TextContent));
        Assert.DoesNotContain("INCLUDE", Text(page));
    }

    [Theory]
    [InlineData("> [!NOTE]\n> Restart the spooler first.", "note", "Note")]
    [InlineData(">[!IMPORTANT]\n>Restart the spooler first.", "important", "Important")]
    [InlineData("> [!WARNING]\n> Restart the spooler first.", "warning", "Warning")]
    [InlineData("> [!TIP]\n> Restart the spooler first.", "tip", "Tip")]
    [InlineData("> [!CAUTION]\n> Restart the spooler first.", "caution", "Caution")]
    [InlineData("1. Open the console.\n\n    > [!NOTE]\n    > Restart the spooler first.", "note", "Note")]
    public void An_alert_renders_as_a_titled_box_also_inside_a_list(string markdown, string kind, string title)
    {
        var alert = Html(markdown).QuerySelector($"div.markdown-alert.markdown-alert-{kind}")!;
        Assert.Equal(title, alert.QuerySelector("p.markdown-alert-title")!.TextContent);
        Assert.Contains("Restart the spooler first.", alert.TextContent);
        Assert.DoesNotContain("[!", alert.TextContent);
        Assert.Contains($"{title}:\nRestart the spooler first.", ArticleRenderer.ToPlainText(markdown));
    }

    [Fact]
    public void A_next_step_hint_is_dropped_and_its_link_kept()
    {
        var page = Html("> [!div class=\"nextstepaction\"]\n> [Configure the gateway](configure.md)");
        Assert.Equal("Configure the gateway", page.QuerySelector("a")!.TextContent.Trim());
        Assert.DoesNotContain("[!div", Text(page));
    }

    [Fact]
    public void A_video_becomes_a_link_to_it()
    {
        var link = Html("> [!VIDEO https://www.youtube.com/embed/xyz]").QuerySelector("a")!;
        Assert.Equal("https://www.youtube.com/embed/xyz", link.GetAttribute("href"));
        Assert.Equal("Watch the video", link.TextContent);
    }

    [Fact]
    public void Angle_bracket_placeholders_are_text_and_keep_the_rest_of_their_paragraph()
    {
        var page = Html("Replace <username> with the account and <DC> with the domain controller, then run `dcdiag`.\n\n| Field | Example |\n|---|---|\n| <DateTime> | 2024-01-01<br/>UTC |");
        Assert.Equal("Replace <username> with the account and <DC> with the domain controller, then run dcdiag.", page.QuerySelector("p")!.TextContent);
        Assert.Equal("<DateTime>", page.QuerySelector("td")!.TextContent);
        Assert.NotNull(page.QuerySelector("td br"));
        Assert.Contains("Replace <username> with the account", ArticleRenderer.ToPlainText("Replace <username> with the account."));
    }

    [Fact]
    public void Html_tags_stay_html_and_are_sanitized_as_before()
    {
        var page = Html("Press <kbd>Ctrl</kbd>+<KBD>C</KBD>. <SCRIPT>alert(1)</SCRIPT> <Time> left.");
        Assert.Equal(2, page.QuerySelectorAll("kbd").Length);
        Assert.Empty(page.QuerySelectorAll("script"));
        Assert.Contains("<Time> left.", page.QuerySelector("p")!.TextContent);
    }

    [Fact]
    public void Directives_inside_code_are_left_as_written()
    {
        var page = Html("```markdown\n:::image type=\"content\" source=\"a.png\" alt-text=\"x\":::\n> [!NOTE]\n```\n\nUse `:::no-loc text=\"x\":::` in docs.");
        Assert.Contains(":::image type=\"content\"", page.QuerySelector("pre")!.TextContent);
        Assert.Equal(":::no-loc text=\"x\":::", page.QuerySelector("p code")!.TextContent);
    }
}
