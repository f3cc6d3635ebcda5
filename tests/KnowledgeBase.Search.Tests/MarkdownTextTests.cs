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
}
