using System.Text;
using System.Text.RegularExpressions;

namespace KnowledgeBase.Search.Indexing;

/// <summary>
/// Cheap Markdown handling for indexing: split a body into the KCS sections by its headings and strip the markup that
/// would otherwise pollute the index (link targets, HTML tags, Microsoft docs <c>:::image:::</c> directives).
/// </summary>
/// <remarks>
/// <see cref="KnowledgeBase.Core.Markdown.ArticleRenderer.Render"/> does the same section split but also renders and
/// sanitizes HTML, which costs several times more than the whole index build needs; a rebuild of 100,000 articles must
/// fit in a minute on two cores. The heading names here follow ArticleRenderer's classification so both agree.
/// </remarks>
internal static partial class MarkdownText
{
    public readonly record struct Sections(string Issue, string Environment, string Resolution, string Cause, string Rest, string? FirstHeading);

    private enum Kind { None, Issue, Environment, Resolution, Cause }

    public static Sections Split(string markdown)
    {
        markdown ??= "";
        var headings = FindHeadings(markdown);
        var issue = new StringBuilder();
        var environment = new StringBuilder();
        var resolution = new StringBuilder();
        var cause = new StringBuilder();
        var rest = new StringBuilder(markdown.Length);
        string? firstHeading = null;

        // Text before the first heading and under unclassified headings is "the rest"; a classified section runs to
        // the next heading of the same or a higher level.
        var restFrom = 0;
        var i = 0;
        while (i < headings.Count)
        {
            var h = headings[i];
            if (firstHeading is null && h.Level == 1) firstHeading = h.Text;
            var kind = Classify(h.Text);
            if (kind == Kind.None) { i++; continue; }
            var end = markdown.Length;
            var j = i + 1;
            for (; j < headings.Count; j++)
            {
                if (headings[j].Level <= h.Level) { end = headings[j].Start; break; }
            }
            rest.Append(markdown, restFrom, h.Start - restFrom).Append('\n');
            var target = kind switch
            {
                Kind.Issue => issue,
                Kind.Environment => environment,
                Kind.Resolution => resolution,
                _ => cause,
            };
            if (target.Length > 0) target.Append("\n\n");
            target.Append(markdown, h.End, Math.Max(0, end - h.End));
            restFrom = end;
            i = j;
        }
        rest.Append(markdown, restFrom, markdown.Length - restFrom);
        return new Sections(issue.ToString().Trim(), environment.ToString().Trim(), resolution.ToString().Trim(),
            cause.ToString().Trim(), rest.ToString().Trim(), firstHeading);
    }

    /// <summary>Markdown reduced to the words a reader sees (code is kept: error text often lives in code blocks).</summary>
    public static string Clean(string markdown)
    {
        if (string.IsNullOrEmpty(markdown)) return "";
        var text = markdown.Contains(":::", StringComparison.Ordinal) ? Directive().Replace(markdown, AltTextOnly) : markdown;
        text = LinkTarget().Replace(text, "]");
        text = LinkDefinition().Replace(text, "");
        text = HtmlTag().Replace(text, " ");
        return text;
    }

    private readonly record struct Heading(int Start, int End, int Level, string Text);

    private static List<Heading> FindHeadings(string markdown)
    {
        var headings = new List<Heading>();
        var inFence = false;
        var position = 0;
        while (position < markdown.Length)
        {
            var lineEnd = markdown.IndexOf('\n', position);
            if (lineEnd < 0) lineEnd = markdown.Length;
            var line = markdown.AsSpan(position, lineEnd - position);
            var trimmed = line.TrimStart(' ');
            if (line.Length - trimmed.Length <= 3)
            {
                if (trimmed.StartsWith("```") || trimmed.StartsWith("~~~")) inFence = !inFence;
                else if (!inFence && trimmed.Length > 1 && trimmed[0] == '#')
                {
                    var level = 0;
                    while (level < trimmed.Length && trimmed[level] == '#') level++;
                    if (level <= 6 && (level == trimmed.Length || trimmed[level] is ' ' or '\t'))
                    {
                        var text = trimmed[level..].Trim().TrimEnd('#').Trim().ToString();
                        headings.Add(new Heading(position, Math.Min(lineEnd + 1, markdown.Length), level, text));
                    }
                }
            }
            position = lineEnd + 1;
        }
        return headings;
    }

    private static Kind Classify(string heading)
    {
        var h = heading.Replace("*", "", StringComparison.Ordinal).Trim().TrimEnd(':').ToLowerInvariant();
        if (Starts(h, "issue", "symptom", "symptoms", "problem", "the issue", "the problem")) return Kind.Issue;
        if (Starts(h, "environment", "applies to", "scope", "affected systems")) return Kind.Environment;
        if (Starts(h, "resolution", "resolutions", "solution", "solutions", "fix", "workaround", "workarounds", "how to fix", "steps to resolve")) return Kind.Resolution;
        if (Starts(h, "cause", "causes", "root cause", "reason")) return Kind.Cause;
        return Kind.None;

        static bool Starts(string h, params string[] words) =>
            words.Any(w => h == w || h.StartsWith(w + " ", StringComparison.Ordinal) || h.StartsWith(w + ":", StringComparison.Ordinal));
    }

    private static string AltTextOnly(Match match)
    {
        var body = match.Value;
        var at = body.IndexOf("alt-text=\"", StringComparison.Ordinal);
        if (at < 0) return " ";
        var start = at + 10;
        var end = body.IndexOf('"', start);
        return end < 0 ? " " : " " + body[start..end] + " ";
    }

    [GeneratedRegex(@":::[a-z-]*(?:[^:\n]|:(?!::))*:::", RegexOptions.CultureInvariant)]
    private static partial Regex Directive();

    [GeneratedRegex(@"\]\([^)\s]*(?:\s+""[^""]*"")?\)", RegexOptions.CultureInvariant)]
    private static partial Regex LinkTarget();

    [GeneratedRegex(@"^\s*\[[^\]\n]+\]:\s*\S+.*$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex LinkDefinition();

    [GeneratedRegex(@"</?[a-zA-Z][^>\n]{0,300}>", RegexOptions.CultureInvariant)]
    private static partial Regex HtmlTag();
}
