using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Markdown;

namespace KnowledgeBase.Core.Tests.Markdown;

public class SectionExtractionTests
{
    private static ArticleSections Sections(string markdown) => ArticleRenderer.Render(markdown).Sections;

    private const string StandardArticle = """
        # Outlook keeps prompting for password after MFA is enabled — Microsoft 365

        ## Issue
        Outlook asks for the password again and again: "Need password".

        ## Environment
        - Microsoft 365 Apps for enterprise
        - Windows 11

        ## Resolution
        1. Enable modern authentication.
        2. Restart Outlook.

        ## Cause
        Legacy authentication is blocked.
        """;

    [Fact]
    public void The_four_kcs_sections_are_taken_from_level_two_headings()
    {
        var sections = Sections(StandardArticle);

        Assert.Equal("Outlook asks for the password again and again: \"Need password\".", sections.Issue);
        Assert.Equal("- Microsoft 365 Apps for enterprise\n- Windows 11", sections.Environment);
        Assert.Equal("1. Enable modern authentication.\n2. Restart Outlook.", sections.Resolution);
        Assert.Equal("Legacy authentication is blocked.", sections.Cause);
    }

    [Theory]
    [InlineData("Symptoms", "Issue")]
    [InlineData("Symptom", "Issue")]
    [InlineData("Problem", "Issue")]
    [InlineData("issue:", "Issue")]
    [InlineData("ISSUE", "Issue")]
    [InlineData("Applies to", "Environment")]
    [InlineData("Solution", "Resolution")]
    [InlineData("Workaround", "Resolution")]
    [InlineData("Workarounds", "Resolution")]
    [InlineData("Fix", "Resolution")]
    [InlineData("Steps to resolve", "Resolution")]
    [InlineData("Root cause", "Cause")]
    [InlineData("Root Cause:", "Cause")]
    [InlineData("Reason", "Cause")]
    public void Headings_are_recognised_by_their_synonyms(string heading, string section)
    {
        var sections = Sections($"## {heading}\n\nThe text.\n");

        var texts = new Dictionary<string, string>
        {
            ["Issue"] = sections.Issue, ["Environment"] = sections.Environment, ["Resolution"] = sections.Resolution, ["Cause"] = sections.Cause,
        };
        Assert.Equal("The text.", texts[section]);
        Assert.All(texts.Where(t => t.Key != section), t => Assert.Equal("", t.Value));
    }

    [Theory]
    [InlineData("Issues with printers")]
    [InlineData("Fixture setup")]
    [InlineData("Reasoning")]
    [InlineData("Notes")]
    public void Headings_that_only_start_like_a_section_name_are_not_sections(string heading)
    {
        Assert.Equal(ArticleSections.Empty, Sections($"## {heading}\n\nThe text.\n"));
    }

    [Fact]
    public void Nested_subsections_stay_inside_their_section()
    {
        var sections = Sections("## Resolution\n\nIntro.\n\n### On Windows\n\nStep A.\n\n#### Older builds\n\nStep B.\n\n## Cause\n\nBecause.\n");

        Assert.Equal("Intro.\n\n### On Windows\n\nStep A.\n\n#### Older builds\n\nStep B.", sections.Resolution);
        Assert.Equal("Because.", sections.Cause);
    }

    [Fact]
    public void A_nested_heading_named_like_a_section_stays_inside_its_parent_and_is_not_repeated()
    {
        var sections = Sections("## Resolution\n\nRestart the spooler.\n\n### Workaround\n\nPrint to PDF.\n\n## Cause\n\nA stuck job.\n");

        Assert.Equal("Restart the spooler.\n\n### Workaround\n\nPrint to PDF.", sections.Resolution);
        Assert.Equal("A stuck job.", sections.Cause);
    }

    [Fact]
    public void A_cause_nested_under_the_resolution_stays_in_the_resolution()
    {
        var sections = Sections("## Resolution\n\nFix it.\n\n### Cause\n\nWhy.\n");

        Assert.Equal("Fix it.\n\n### Cause\n\nWhy.", sections.Resolution);
        Assert.Equal("", sections.Cause);
    }

    [Fact]
    public void Sections_under_a_level_one_title_are_found()
    {
        Assert.Equal("1. Enable modern authentication.\n2. Restart Outlook.", Sections(StandardArticle).Resolution);
    }

    [Fact]
    public void Level_three_sections_are_found_when_the_article_uses_them()
    {
        var sections = Sections("# Title\n\n### Issue\n\nBroken.\n\n### Resolution\n\nFixed.\n");

        Assert.Equal("Broken.", sections.Issue);
        Assert.Equal("Fixed.", sections.Resolution);
    }

    [Fact]
    public void Missing_sections_are_empty()
    {
        var sections = Sections("# Title\n\n## Issue\n\nOnly the issue so far.\n");

        Assert.Equal("Only the issue so far.", sections.Issue);
        Assert.Equal("", sections.Environment);
        Assert.Equal("", sections.Resolution);
        Assert.Equal("", sections.Cause);
    }

    [Fact]
    public void A_body_without_headings_has_no_sections()
    {
        Assert.Equal(ArticleSections.Empty, Sections("Just a paragraph about printers.\n"));
    }

    [Fact]
    public void An_empty_section_is_empty()
    {
        var sections = Sections("## Issue\n\n## Resolution\n\nDo this.\n");

        Assert.Equal("", sections.Issue);
        Assert.Equal("Do this.", sections.Resolution);
    }

    [Fact]
    public void The_last_section_runs_to_the_end_of_the_body()
    {
        Assert.Equal("Line one.\n\nLine two.", Sections("## Resolution\n\nLine one.\n\nLine two.\n\n\n").Resolution);
    }

    [Fact]
    public void A_section_ends_at_a_heading_of_a_higher_level()
    {
        var sections = Sections("# Part one\n\n## Issue\n\nOne.\n\n# Part two\n\nUnrelated.\n");

        Assert.Equal("One.", sections.Issue);
    }

    [Fact]
    public void Repeated_sections_are_joined()
    {
        Assert.Equal("First.\n\nSecond.", Sections("## Resolution\n\nFirst.\n\n## Notes\n\nx\n\n## Resolution\n\nSecond.\n").Resolution);
    }

    [Fact]
    public void Headings_inside_code_blocks_are_not_sections()
    {
        var sections = Sections("## Issue\n\n```text\n## Resolution\nnot a heading\n```\n");

        Assert.Equal("```text\n## Resolution\nnot a heading\n```", sections.Issue);
        Assert.Equal("", sections.Resolution);
    }

    [Fact]
    public void Setext_headings_are_sections()
    {
        var sections = Sections("Issue\n-----\n\nBroken.\n\nResolution\n----------\n\nFixed.\n");

        Assert.Equal("Broken.", sections.Issue);
        Assert.Equal("Fixed.", sections.Resolution);
    }

    [Fact]
    public void Sections_are_found_after_front_matter()
    {
        var sections = Sections("---\ntitle: X\n---\n## Issue\n\nBroken.\n");

        Assert.Equal("Broken.", sections.Issue);
    }

    [Fact]
    public void Sections_are_found_in_crlf_text()
    {
        var sections = Sections("## Issue\r\n\r\nBroken.\r\n\r\n## Resolution\r\n\r\nFixed.\r\n");

        Assert.Equal("Broken.", sections.Issue);
        Assert.Equal("Fixed.", sections.Resolution);
    }

    [Fact]
    public void Section_headings_with_inline_markup_are_recognised()
    {
        Assert.Equal("Fixed.", Sections("## **Resolution**\n\nFixed.\n").Resolution);
    }

    [Fact]
    public void Sections_keep_their_markdown()
    {
        Assert.Equal("Run `gpupdate /force` as **admin**.", Sections("## Resolution\n\nRun `gpupdate /force` as **admin**.\n").Resolution);
    }
}
