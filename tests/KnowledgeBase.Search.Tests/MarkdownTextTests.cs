using KnowledgeBase.Search.Indexing;

namespace KnowledgeBase.Search.Tests;

public class MarkdownTextTests
{
    [Fact]
    public void Kcs_sections_are_split_by_heading_and_the_rest_is_kept()
    {
        var sections = MarkdownText.Split("# VPN drops\n\nIntro.\n\n## Symptoms\n\nThe tunnel drops.\n\n### Detail\n\nEvery hour.\n\n## Cause\n\nExpired cert.\n\n## Resolution\n\nRenew it.\n\n## More information\n\nSee also.");
        Assert.Equal("The tunnel drops.\n\n### Detail\n\nEvery hour.", sections.Issue);
        Assert.Equal("Expired cert.", sections.Cause);
        Assert.Equal("Renew it.", sections.Resolution);
        Assert.Contains("Intro.", sections.Rest);
        Assert.Contains("See also.", sections.Rest);
        Assert.Equal("VPN drops", sections.FirstHeading);
    }

    [Theory]
    [InlineData("## Symptoms\n\nThe tunnel drops.\n\n## Resolution\n\nRenew it.\n\n## Cause\n\nExpired cert.")]
    [InlineData("## _Issue_\n\nThe tunnel drops.\n\n## `Fix`\n\nRenew it.\n\n## **Root cause**\n\nExpired cert.")]
    [InlineData("# VPN\n\nIntro.\n\n## Environment: Windows 11\n\nAlways.\n\n### Workaround\n\nInside the environment.\n\n## More\n\nEnd.")]
    public void The_index_reads_the_same_sections_as_the_article_page(string markdown)
    {
        // One word list (Core's SectionHeadings) for both readers; the index's missed "_Issue_" and "`Fix`" before.
        var index = MarkdownText.Split(markdown);
        var page = KnowledgeBase.Core.Markdown.ArticleRenderer.Render(markdown).Sections;
        Assert.Equal((page.Issue, page.Environment, page.Resolution, page.Cause),
            (index.Issue.Trim(), index.Environment.Trim(), index.Resolution.Trim(), index.Cause.Trim()));
    }

    [Fact]
    public void Headings_inside_code_fences_are_not_sections()
    {
        var sections = MarkdownText.Split("## Symptoms\n\n```\n## Resolution\n```\n\nStill symptoms.");
        Assert.Contains("Still symptoms.", sections.Issue);
        Assert.Equal("", sections.Resolution);
    }

    [Fact]
    public void Link_targets_and_html_tags_are_stripped()
    {
        var text = MarkdownText.Clean("See [the guide](https://example.com/x \"t\") and <b>bold</b> :::image type=\"content\" source=\"a.png\" alt-text=\"Error dialog\":::");
        Assert.DoesNotContain("example.com", text);
        Assert.DoesNotContain("<b>", text);
        Assert.Contains("the guide", text);
        Assert.Contains("Error dialog", text);
        Assert.DoesNotContain("a.png", text);
    }

    [Theory]
    [InlineData("### Check the **service** state", "Check the service state")]
    [InlineData("Restart *the* __spooler__ and _then_ retry", "Restart the spooler and then retry")]
    [InlineData("> Quoted `net stop spooler` line", "Quoted net stop spooler line")]
    [InlineData("- First step\n* Second step\n1. Third step\n2) Fourth step", "First step\nSecond step\nThird step\nFourth step")]
    [InlineData("| Setting | Value |\n|---|:---:|\n| Timeout | 30<br/>s |", "Setting Value\nTimeout 30 s")]
    [InlineData("See [the guide](https://example.com/x \"t\") or [ref][1] and <https://example.com/y>.", "See the guide or ref and https://example.com/y.")]
    [InlineData("Before\n\n---\n\nAfter", "Before\nAfter")]
    [InlineData("Replace <username> and <b>bold</b> &amp; \\*literal\\*", "Replace <username> and bold & *literal*")]
    [InlineData("```powershell\nGet-Service **x**\n```\nDone", "Get-Service **x**\nDone")]
    [InlineData("Keep file_name_here and *.log and 2 * 3 * 4", "Keep file_name_here and *.log and 2 * 3 * 4")]
    public void Display_text_drops_markdown_markup(string markdown, string expected) =>
        Assert.Equal(expected, MarkdownText.DisplayText(markdown));

    [Theory]
    [InlineData("Select it.\n\n:::image type=\"content\" source=\"./media/a.png\" alt-text=\"Screenshot of the dialog.\" border=\"true\":::\n\nThen close.", "Select it.\nThen close.")]
    [InlineData("Select the :::image type=\"icon\" source=\"gear.png\" alt-text=\"Settings\"::: button.", "Select the button.")]
    [InlineData("Copy to the *:::no-loc text=\"~/dumps/symbols\":::* folder.", "Copy to the ~/dumps/symbols folder.")]
    [InlineData(":::zone pivot=\"windows\"\nOn Windows.\n:::zone-end", "On Windows.")]
    [InlineData(":::row:::\n:::column:::\nLeft.\n:::column-end:::\n:::row-end:::", "Left.")]
    [InlineData("[!INCLUDE [Azure Help Support](../../includes/azure-help-support.md)]\n\nText.", "Text.")]
    [InlineData("Intro [!INCLUDE [](../includes/x.md)] end.", "Intro end.")]
    [InlineData("> [!NOTE]\n> Restart **first**.", "Note:\nRestart first.")]
    [InlineData("    >[!WARNING]\n    >Data loss.", "Warning:\nData loss.")]
    [InlineData("> [!div class=\"nextstepaction\"]\n> [Next step](next.md)", "Next step")]
    [InlineData("Watch:\n\n> [!VIDEO https://www.youtube.com/embed/xyz]\n\nDone.", "Watch:\nDone.")]
    public void Display_text_understands_the_docs_extensions_or_drops_them_cleanly(string markdown, string expected) =>
        Assert.Equal(expected, MarkdownText.DisplayText(markdown));

    [Fact]
    public void Display_text_stops_at_the_length_asked_for()
    {
        var text = MarkdownText.DisplayText(string.Join("\n", Enumerable.Repeat("A **line** of text.", 1000)), 100);
        Assert.InRange(text.Length, 100, 140);
    }
}
