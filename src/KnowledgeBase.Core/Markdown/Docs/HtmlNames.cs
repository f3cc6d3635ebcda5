using System.Text.RegularExpressions;

namespace KnowledgeBase.Core.Markdown.Docs;

/// <summary>Tells HTML tags from angle-bracketed placeholders (<c>&lt;username&gt;</c>, <c>&lt;DateTime&gt;</c>, <c>&lt;DC&gt;</c>).</summary>
internal static partial class HtmlNames
{
    private static readonly HashSet<string> Elements = new(StringComparer.Ordinal)
    {
        "a", "abbr", "address", "applet", "area", "article", "aside", "audio", "b", "base", "basefont", "bdi", "bdo", "big",
        "blink", "blockquote", "body", "br", "button", "canvas", "caption", "center", "cite", "code", "col", "colgroup",
        "data", "datalist", "dd", "del", "details", "dfn", "dialog", "dir", "div", "dl", "dt", "em", "embed", "fieldset",
        "figcaption", "figure", "font", "footer", "form", "frame", "frameset", "h1", "h2", "h3", "h4", "h5", "h6", "head",
        "header", "hgroup", "hr", "html", "i", "iframe", "image", "img", "input", "ins", "isindex", "kbd", "keygen", "label",
        "legend", "li", "link", "listing", "main", "map", "mark", "marquee", "math", "menu", "meta", "meter", "nav", "nobr",
        "noembed", "noframes", "noscript", "object", "ol", "optgroup", "option", "output", "p", "param", "picture",
        "plaintext", "pre", "progress", "q", "rp", "rt", "ruby", "s", "samp", "script", "search", "section", "select",
        "slot", "small", "source", "span", "strike", "strong", "style", "sub", "summary", "sup", "svg", "table", "tbody",
        "td", "template", "textarea", "tfoot", "th", "thead", "time", "title", "tr", "track", "tt", "u", "ul", "var",
        "video", "wbr", "xmp",
    };

    /// <summary>
    /// Whether an inline tag is HTML: a known element written in lower case or in capitals (<c>&lt;SCRIPT&gt;</c>).
    /// Anything else (<c>&lt;Time&gt;</c>, <c>&lt;server-name&gt;</c>) is a placeholder the writer meant as text.
    /// Comments, processing instructions and declarations stay HTML (the sanitizer removes them).
    /// </summary>
    public static bool IsHtmlTag(string tag)
    {
        var match = TagName().Match(tag);
        if (!match.Success) return true;
        var name = match.Groups[1].Value;
        if (Elements.Contains(name)) return true;
        return name.All(c => !char.IsLower(c)) && Elements.Contains(name.ToLowerInvariant());
    }

    public static bool IsLineBreak(string tag) => LineBreak().IsMatch(tag);

    [GeneratedRegex(@"^</?([A-Za-z][A-Za-z0-9-]*)", RegexOptions.CultureInvariant)]
    private static partial Regex TagName();

    [GeneratedRegex(@"^<br\s*/?>$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex LineBreak();
}
