using System.Text;
using System.Text.RegularExpressions;
using KnowledgeBase.Core.Attachments;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace KnowledgeBase.Core.Import;

/// <summary>
/// The files a Markdown file refers to by relative path — docs-as-code images (<c>![x](media/x.png)</c>,
/// <c>../media/x.png</c>), reference definitions, HTML <c>&lt;img src&gt;</c>, Microsoft Learn
/// <c>:::image source="…" lightbox="…":::</c> — and links to files such as <c>[log](files/trace.log)</c>. Links to
/// other pages (<c>.md</c>, no extension), absolute addresses and anything inside code are left alone.
/// </summary>
public static partial class FileReferences
{
    /// <summary>Extensions a plain link (not an image) must have to be taken for a file to import.</summary>
    private static readonly HashSet<string> FileExtensions = new(
        FileKind.All.SelectMany(k => k.NameExtensions).Where(e => e is not "md").Concat(["bmp", "tif", "tiff", "ico", "doc", "xls", "ppt", "vsd", "msg", "eml", "7z", "rar", "gz", "tgz", "exe", "msi"]),
        StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The local references in <paramref name="text"/> (a whole file, \n line endings) after <paramref name="bodyStart"/>,
    /// in order. <see cref="FileReference.Path"/> is the target as written, without a <c>#fragment</c> or <c>?query</c>,
    /// percent-decoded.
    /// </summary>
    public static IReadOnlyList<FileReference> Find(string text, int bodyStart = 0)
    {
        var candidates = new List<FileReference>();
        foreach (var (pattern, image) in Patterns)
        {
            foreach (Match m in pattern.Matches(text, bodyStart))
            {
                var group = m.Groups["t"];
                var isImage = image ?? m.Groups["img"].Value == "!";
                if (Local(group.Value, isImage) is { } path)
                    candidates.Add(new FileReference(group.Index, group.Length, group.Value, path, LineAt(text, group.Index), isImage));
            }
        }
        if (candidates.Count == 0) return candidates;
        // Inside code a reference is an example, not a file: only parse the Markdown when there is something to check.
        var code = CodeSpans(text, bodyStart);
        return candidates.Where(c => !code.Any(s => c.Start >= s.Start && c.Start < s.End))
            .GroupBy(c => c.Start).Select(g => g.First())
            .OrderBy(c => c.Start).ToList();
    }

    /// <summary><see cref="Find"/> in a whole Markdown file's text (\n line endings), after its front matter.</summary>
    public static IReadOnlyList<FileReference> InFile(string text)
    {
        var (_, _, body) = ArticleFileParser.SplitFrontMatter(text);
        return Find(text, text.Length - body.Length);
    }

    /// <summary>The text with each reference's target replaced (references must not overlap).</summary>
    public static string Rewrite(string text, IEnumerable<(FileReference Reference, string Target)> replacements)
    {
        var result = new StringBuilder(text.Length + 256);
        var at = 0;
        foreach (var (reference, target) in replacements.OrderBy(r => r.Reference.Start))
        {
            result.Append(text, at, reference.Start - at).Append(target);
            at = reference.Start + reference.Length;
        }
        return result.Append(text, at, text.Length - at).ToString();
    }

    /// <summary>The relative path a target names, or null when it is not a local file (an address, an anchor, a page).</summary>
    private static string? Local(string target, bool isImage)
    {
        var t = target.Trim();
        if (t.Length == 0 || t[0] is '#' or '/' or '\\' || t.StartsWith("[[", StringComparison.Ordinal) || Scheme().IsMatch(t)) return null;
        var cut = t.IndexOfAny(['#', '?']);
        if (cut >= 0) t = t[..cut];
        if (t.Length == 0) return null;
        string path;
        try
        {
            path = Uri.UnescapeDataString(t);
        }
        catch (UriFormatException)
        {
            path = t;
        }
        if (!isImage)
        {
            var extension = Path.GetExtension(path).TrimStart('.');
            if (!FileExtensions.Contains(extension)) return null;
        }
        return path.Replace('\\', '/');
    }

    private static int LineAt(string text, int index)
    {
        var line = 1;
        for (var i = 0; i < index; i++) if (text[i] == '\n') line++;
        return line;
    }

    private static List<(int Start, int End)> CodeSpans(string text, int bodyStart)
    {
        var body = text[bodyStart..];
        var document = Markdig.Markdown.Parse(body, Markdown.ArticleRenderer.Pipeline);
        var spans = new List<(int, int)>();
        foreach (var block in document.Descendants<CodeBlock>()) spans.Add((bodyStart + block.Span.Start, bodyStart + block.Span.End + 1));
        foreach (var inline in document.Descendants<CodeInline>()) spans.Add((bodyStart + inline.Span.Start, bodyStart + inline.Span.End + 1));
        return spans;
    }

    private static readonly (Regex Pattern, bool? Image)[] Patterns =
    [
        (InlineLink(), null),
        (Definition(), false),
        (HtmlImage(), true),
        (HtmlLink(), false),
        (DocsImage(), true),
    ];

    [GeneratedRegex(@"(?<img>!?)\[(?:[^\[\]\n]|\[[^\[\]\n]*\])*\]\(\s*(?:<(?<t>[^<>\n]+)>|(?<t>[^\s()<>]+))(?:\s+(?:""[^""\n]*""|'[^'\n]*'|\([^)\n]*\)))?\s*\)")]
    private static partial Regex InlineLink();

    [GeneratedRegex(@"^ {0,3}\[[^\]\n]+\]:[ \t]*<?(?<t>[^\s<>]+)>?", RegexOptions.Multiline)]
    private static partial Regex Definition();

    [GeneratedRegex(@"<(?:img|source)\b[^>]*?\ssrc\s*=\s*[""'](?<t>[^""'\n]+)[""']", RegexOptions.IgnoreCase)]
    private static partial Regex HtmlImage();

    [GeneratedRegex(@"<a\b[^>]*?\shref\s*=\s*[""'](?<t>[^""'\n]+)[""']", RegexOptions.IgnoreCase)]
    private static partial Regex HtmlLink();

    [GeneratedRegex(@"(?<=:::image\b[^\n]*?\s)(?:source|lightbox)\s*=\s*""(?<t>[^""\n]+)""")]
    private static partial Regex DocsImage();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9+.-]*:")]
    private static partial Regex Scheme();
}

/// <summary>
/// A file one Markdown file refers to: where the target is written (<see cref="Start"/>, <see cref="Length"/>, the file
/// <see cref="Line"/>), the target as written, and the relative <see cref="Path"/> it names.
/// </summary>
public sealed record FileReference(int Start, int Length, string Target, string Path, int Line, bool IsImage);
