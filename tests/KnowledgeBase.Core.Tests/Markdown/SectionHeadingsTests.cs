using KnowledgeBase.Core.Markdown;

namespace KnowledgeBase.Core.Tests.Markdown;

public sealed class SectionHeadingsTests
{
    [Theory]
    [InlineData("Issue", KcsSection.Issue)]
    [InlineData("Symptoms", KcsSection.Issue)]
    [InlineData("The problem", KcsSection.Issue)]
    [InlineData("Applies to", KcsSection.Environment)]
    [InlineData("Environment: Windows 11", KcsSection.Environment)]
    [InlineData("RESOLUTION", KcsSection.Resolution)]
    [InlineData("How to fix", KcsSection.Resolution)]
    [InlineData("Workaround:", KcsSection.Resolution)]
    [InlineData("Root cause", KcsSection.Cause)]
    [InlineData("Cause of the error", KcsSection.Cause)]
    public void A_heading_opens_the_section_its_words_name(string heading, KcsSection expected) =>
        Assert.Equal(expected, SectionHeadings.Classify(heading));

    [Theory]
    [InlineData("**Resolution**")]
    [InlineData("_Resolution_")]
    [InlineData("`Resolution`")]
    [InlineData("  Resolution :  ")]
    public void Emphasis_code_marks_and_a_closing_colon_do_not_hide_a_section(string heading) =>
        Assert.Equal(KcsSection.Resolution, SectionHeadings.Classify(heading));

    [Theory]
    [InlineData("Fixed in 2024")]
    [InlineData("Reasons to upgrade")]
    [InlineData("More information")]
    [InlineData("")]
    [InlineData(null)]
    public void Other_headings_open_no_section(string? heading) =>
        Assert.Equal(KcsSection.None, SectionHeadings.Classify(heading));
}
