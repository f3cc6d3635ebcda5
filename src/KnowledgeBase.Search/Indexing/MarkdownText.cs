using System.Text;
using System.Text.RegularExpressions;
using KnowledgeBase.Core.Markdown;

namespace KnowledgeBase.Search.Indexing;

/// <summary>
/// Cheap Markdown handling for indexing: split a body into the KCS sections by its headings and strip the markup that
/// would otherwise pollute the index (link targets, HTML tags, Microsoft docs <c>:::image:::</c> directives).
/// </summary>
/// <remarks>
/// <see cref="KnowledgeBase.Core.Markdown.ArticleRenderer.Render"/> does the same section split but also renders and
/// sanitizes HTML, which costs several times more than the whole index build needs; a rebuild of 100,000 articles must
/// fit in a minute on two cores. Both classify headings with <see cref="SectionHeadings"/>.
/// </remarks>
internal static partial class MarkdownText
{
    public readonly record struct Sections(string Issue, string Environment, string Resolution, string Cause, string Rest, string? FirstHeading);

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
            var kind = SectionHeadings.Classify(h.Text);
            if (kind == KcsSection.None) { i++; continue; }
            var end = markdown.Length;
            var j = i + 1;
            for (; j < headings.Count; j++)
            {
                if (headings[j].Level <= h.Level) { end = headings[j].Start; break; }
            }
            rest.Append(markdown, restFrom, h.Start - restFrom).Append('\n');
            var target = kind switch
            {
                KcsSection.Issue => issue,
                KcsSection.Environment => environment,
                KcsSection.Resolution => resolution,
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

    /// <summary>
    /// Markdown as a reader sees it, for snippets: headings, quotes, lists, tables, emphasis, code marks and links
    /// reduced to their words, images to their alt text; Microsoft Learn and GitHub extensions (<c>:::image:::</c>, <c>:::no-loc:::</c>,
    /// zone and row markers, <c>[!INCLUDE]</c>, <c>[!VIDEO]</c>, <c>[!div]</c>, alerts such as <c>&gt; [!NOTE]</c>) to
    /// their text or nothing; HTML tags dropped but placeholders such as <c>&lt;username&gt;</c> kept; entities
    /// decoded. Code is kept (error text often lives in code blocks). Stops once <paramref name="maxLength"/>
    /// characters are written.
    /// </summary>
    /// <remarks>
    /// Line by line with a few compiled patterns, not a Markdown parse: this runs on every article of a rebuild (which
    /// must fit in a minute for 100,000 articles), and the site renders articles with the full pipeline
    /// (<see cref="KnowledgeBase.Core.Markdown.ArticleRenderer"/>) anyway.
    /// </remarks>
    public static string DisplayText(string? markdown, int maxLength = int.MaxValue)
    {
        if (string.IsNullOrEmpty(markdown)) return "";
        var output = new StringBuilder(Math.Min(markdown.Length, maxLength) + 16);
        var fence = '\0';
        var fenceLength = 0;
        var position = 0;
        while (position < markdown.Length && output.Length < maxLength)
        {
            var lineEnd = markdown.IndexOf('\n', position);
            if (lineEnd < 0) lineEnd = markdown.Length;
            var line = markdown.AsSpan(position, lineEnd - position).TrimEnd('\r');
            position = lineEnd + 1;
            var trimmed = line.TrimStart();
            if (fence != '\0')
            {
                if (IsFence(trimmed, out var closing, out var length) && closing == fence && length >= fenceLength && trimmed.TrimStart(fence).IsWhiteSpace()) fence = '\0';
                else AppendLine(output, trimmed);
                continue;
            }
            if (IsFence(trimmed, out var opening, out var openingLength))
            {
                (fence, fenceLength) = (opening, openingLength);
                continue;
            }
            var text = BlockText(trimmed, out var prefix);
            if (text.IsEmpty && prefix is null) continue;
            var inline = text.IndexOfAny(InlineMarks) >= 0 ? CleanInline(text.ToString()) : text.ToString();
            if (prefix is not null) inline = inline.Length == 0 ? prefix : prefix + " " + inline;
            AppendLine(output, inline.AsSpan().Trim());
        }
        if (output.Length > 0 && output[^1] == '\n') output.Length--;
        return output.ToString();
    }

    private static readonly System.Buffers.SearchValues<char> InlineMarks = System.Buffers.SearchValues.Create("*_`[]!<>&\\:|^");

    /// <summary>Appends a line with its runs of spaces (left where markup was) collapsed to one.</summary>
    private static void AppendLine(StringBuilder output, ReadOnlySpan<char> text)
    {
        if (text.IsEmpty) return;
        var space = false;
        foreach (var c in text)
        {
            if (c is ' ' or '\t')
            {
                if (!space) output.Append(' ');
                space = true;
                continue;
            }
            output.Append(c);
            space = false;
        }
        output.Append('\n');
    }

    private static bool IsFence(ReadOnlySpan<char> line, out char fence, out int length)
    {
        fence = line.Length > 0 ? line[0] : '\0';
        length = 0;
        if (fence is not ('`' or '~')) return false;
        while (length < line.Length && line[length] == fence) length++;
        return length >= 3;
    }

    /// <summary>
    /// A line without its block markup (quote marks, heading marks, list markers, table pipes); empty for lines that
    /// are only markup. <paramref name="prefix"/> is a word that stands for the markup (an alert's "Note:").
    /// </summary>
    private static ReadOnlySpan<char> BlockText(ReadOnlySpan<char> line, out string? prefix)
    {
        prefix = null;
        while (true)
        {
            line = line.TrimStart();
            if (line.Length > 0 && line[0] == '>') { line = line[1..]; continue; }
            if (line.Length > 1 && line[0] is '-' or '*' or '+' && line[1] is ' ' or '\t' && !IsRule(line)) { line = line[2..]; continue; }
            var digits = 0;
            while (digits < line.Length && digits < 9 && char.IsAsciiDigit(line[digits])) digits++;
            if (digits > 0 && digits + 1 < line.Length && line[digits] is '.' or ')' && line[digits + 1] is ' ' or '\t') { line = line[(digits + 2)..]; continue; }
            break;
        }
        if (line.IsEmpty || IsRule(line) || TableDelimiter().IsMatch(line) || BlockDirective().IsMatch(line)) return [];
        if (line[0] == '#')
        {
            var level = 0;
            while (level < line.Length && line[level] == '#') level++;
            if (level <= 6 && (level == line.Length || line[level] is ' ' or '\t')) return line[level..].Trim().TrimEnd('#');
        }
        if (line[0] == '[' && line.Length > 2 && line[1] == '!')
        {
            var alert = Alert().Match(line.ToString());
            if (alert.Success)
            {
                var kind = alert.Groups[1].Value;
                prefix = char.ToUpperInvariant(kind[0]) + kind[1..].ToLowerInvariant() + ":";
                return line[alert.Length..];
            }
        }
        if (line[0] == '|' || line[^1] == '|') return TablePipe().Replace(line.ToString(), " ").AsSpan();
        return line;
    }

    private static bool IsRule(ReadOnlySpan<char> line)
    {
        var c = line[0];
        if (c is not ('-' or '*' or '_')) return false;
        var count = 0;
        foreach (var x in line)
        {
            if (x == c) count++;
            else if (x is not (' ' or '\t')) return false;
        }
        return count >= 3;
    }

    private static string CleanInline(string text)
    {
        if (text.Contains(":::", StringComparison.Ordinal)) text = Directive().Replace(text, DirectiveText);
        if (text.Contains("[!", StringComparison.Ordinal)) text = DocsReference().Replace(text, " ");
        text = Image().Replace(text, "$1");
        text = InlineLink().Replace(text, "$1");
        text = ReferenceLink().Replace(text, "$1");
        text = FootnoteReference().Replace(text, "");
        text = AutoLink().Replace(text, "$1");
        text = KnownHtmlTag().Replace(text, " ");
        text = StrongEmphasis().Replace(text, "$2");
        text = Emphasis().Replace(text, "$2");
        text = text.Replace("`", "", StringComparison.Ordinal);
        text = Escaped().Replace(text, "$1");
        if (text.Contains('&')) text = Entity().Replace(text, m => System.Net.WebUtility.HtmlDecode(m.Value));
        return text;
    }

    /// <summary>A docs directive in a snippet: a no-loc's text; nothing for images (a snippet shows the words of the
    /// fix, not "Screenshot of …"), code includes and the rest.</summary>
    private static string DirectiveText(Match match)
    {
        var body = match.Value;
        if (!body.StartsWith(":::no-loc", StringComparison.Ordinal)) return "";
        const string attribute = "text=\"";
        var at = body.IndexOf(attribute, StringComparison.Ordinal);
        if (at < 0) return "";
        var start = at + attribute.Length;
        var end = body.IndexOf('"', start);
        return end < 0 ? "" : body[start..end];
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

    // Zone, moniker, row and column markers (their content stays), an image's end, a lone [!div] or [!INCLUDE] line.
    [GeneratedRegex(@"^(?::::\s*(?:zone|moniker|row|column|image-end)\b|\[!(?:div|include)\b)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex BlockDirective();

    [GeneratedRegex(@"^\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Alert();

    // [!INCLUDE [title](path)], [!VIDEO url], [!div class="…"]: files and players the article does not carry.
    [GeneratedRegex(@"\[!(?:INCLUDE\s*\[[^\]\n]*\]\([^)\n]*\)|VIDEO\s[^\]\n]*|div\s[^\]\n]*)\]", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex DocsReference();

    [GeneratedRegex(@"^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex TableDelimiter();

    [GeneratedRegex(@"(?<!\\)\|", RegexOptions.CultureInvariant)]
    private static partial Regex TablePipe();

    [GeneratedRegex(@"!\[([^\]\n]*)\]\([^)\n]*\)", RegexOptions.CultureInvariant)]
    private static partial Regex Image();

    [GeneratedRegex(@"\[([^\]\n]*)\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+""[^""]*"")?\)", RegexOptions.CultureInvariant)]
    private static partial Regex InlineLink();

    [GeneratedRegex(@"\[([^\]\n]+)\]\[[^\]\n]*\]", RegexOptions.CultureInvariant)]
    private static partial Regex ReferenceLink();

    [GeneratedRegex(@"\[\^[^\]\s]+\]", RegexOptions.CultureInvariant)]
    private static partial Regex FootnoteReference();

    [GeneratedRegex(@"<((?:https?|mailto|ftp):[^>\s]+)>", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex AutoLink();

    // Only real HTML elements: an angle-bracketed placeholder such as <username> or <DC> is text the reader needs.
    [GeneratedRegex(@"</?(?:a|abbr|b|big|blockquote|br|center|cite|code|col|colgroup|dd|del|details|div|dl|dt|em|figcaption|figure|font|h[1-6]|hr|i|img|ins|kbd|li|mark|nobr|ol|p|pre|q|s|samp|small|span|strike|strong|sub|summary|sup|table|tbody|td|tfoot|th|thead|tr|tt|u|ul|var|wbr)(?:\s[^<>]*)?/?>", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex KnownHtmlTag();

    [GeneratedRegex(@"(?<![\w*])(\*\*|__)(?=\S)(.+?)(?<=\S)\1(?![\w*])", RegexOptions.CultureInvariant)]
    private static partial Regex StrongEmphasis();

    [GeneratedRegex(@"(?<![\w*\\])([*_])(?=[^\s*_])(.+?)(?<=[^\s*_\\])\1(?![\w*])", RegexOptions.CultureInvariant)]
    private static partial Regex Emphasis();

    [GeneratedRegex(@"\\([!-/:-@\[-`{-~])", RegexOptions.CultureInvariant)]
    private static partial Regex Escaped();

    [GeneratedRegex(@"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});", RegexOptions.CultureInvariant)]
    private static partial Regex Entity();

    [GeneratedRegex(@"\]\([^)\s]*(?:\s+""[^""]*"")?\)", RegexOptions.CultureInvariant)]
    private static partial Regex LinkTarget();

    [GeneratedRegex(@"^\s*\[[^\]\n]+\]:\s*\S+.*$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex LinkDefinition();

    [GeneratedRegex(@"</?[a-zA-Z][^>\n]{0,300}>", RegexOptions.CultureInvariant)]
    private static partial Regex HtmlTag();
}
