namespace KnowledgeBase.Core.Markdown;

/// <summary>
/// Which KCS section a heading opens: the one word list for the renderer (<see cref="ArticleRenderer"/>, sections on
/// the article page and in the API) and the index's cheap splitter (Search's MarkdownText), so both agree.
/// </summary>
public static class SectionHeadings
{
    private static readonly (KcsSection Section, string[] Words)[] Names =
    [
        (KcsSection.Issue, ["issue", "symptom", "symptoms", "problem", "the issue", "the problem"]),
        (KcsSection.Environment, ["environment", "applies to", "scope", "affected systems"]),
        (KcsSection.Resolution, ["resolution", "resolutions", "solution", "solutions", "fix", "workaround", "workarounds", "how to fix", "steps to resolve"]),
        (KcsSection.Cause, ["cause", "causes", "root cause", "reason"]),
    ];

    /// <summary>
    /// Classifies a heading's text, as written in the Markdown source or as Markdig reads it: emphasis and code marks
    /// (<c>*</c>, <c>_</c>, <c>`</c>) and a closing colon are ignored, case too; the heading opens a section when it is
    /// one of the section's words or starts with one followed by a space or a colon ("Resolution: Outlook 2016").
    /// </summary>
    public static KcsSection Classify(string? heading)
    {
        var h = new string((heading ?? "").Where(c => c is not ('*' or '_' or '`')).ToArray()).Trim().TrimEnd(':').Trim().ToLowerInvariant();
        foreach (var (section, words) in Names)
        {
            if (words.Any(w => h == w || h.StartsWith(w + " ", StringComparison.Ordinal) || h.StartsWith(w + ":", StringComparison.Ordinal)))
                return section;
        }
        return KcsSection.None;
    }
}
