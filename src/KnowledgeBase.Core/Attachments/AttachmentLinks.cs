using System.Text.RegularExpressions;

namespace KnowledgeBase.Core.Attachments;

/// <summary>
/// Where an attachment is served (<c>/attachments/{sha256}/{name}</c>) and how an article's Markdown links to it. The
/// address carries the content's hash, so it never changes meaning and can be cached for good; the name is only the
/// download's name. Which attachments an article version uses is read from its Markdown by the same pattern.
/// </summary>
public static partial class AttachmentLinks
{
    public const string PathPrefix = "/attachments/";

    public static string Url(string sha256, string fileName) => PathPrefix + sha256 + "/" + Uri.EscapeDataString(fileName);

    /// <summary>The Markdown that shows an image (<c>![name](…)</c>) or links to another file (<c>[name](…)</c>).</summary>
    public static string Markdown(string sha256, string fileName, FileKind kind)
    {
        // An image's label is its alt text (the name without extension); a download's says what will be downloaded.
        var label = LabelChars().Replace(kind.IsInlineImage ? Path.GetFileNameWithoutExtension(fileName) : fileName, " ").Trim();
        if (label.Length == 0) label = kind.IsInlineImage ? "image" : "file";
        return (kind.IsInlineImage ? "!" : "") + $"[{label}]({Url(sha256, fileName)})";
    }

    /// <summary>The hashes of the attachments a Markdown text links to, each once.</summary>
    public static IReadOnlyList<string> In(string markdown)
    {
        if (!markdown.Contains(PathPrefix, StringComparison.Ordinal)) return [];
        return Reference().Matches(markdown).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>The name each linked attachment is linked under (the first link's, when one file is linked twice).</summary>
    public static IReadOnlyDictionary<string, string> NamesIn(string markdown)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!markdown.Contains(PathPrefix, StringComparison.Ordinal)) return names;
        foreach (Match m in NamedReference().Matches(markdown))
            names.TryAdd(m.Groups[1].Value, Uri.UnescapeDataString(m.Groups[2].Value));
        return names;
    }

    public static bool IsSha256(string? value) => value is { Length: 64 } && value.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');

    [GeneratedRegex(@"/attachments/([0-9a-f]{64})(?![0-9a-f])")]
    private static partial Regex Reference();

    [GeneratedRegex(@"/attachments/([0-9a-f]{64})/([^)\s""'<>]*)")]
    private static partial Regex NamedReference();

    [GeneratedRegex(@"[\[\]\\*_`<>!()\r\n]+")]
    private static partial Regex LabelChars();
}
