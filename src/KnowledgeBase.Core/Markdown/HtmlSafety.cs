using Ganss.Xss;

namespace KnowledgeBase.Core.Markdown;

/// <summary>
/// The sanitizer every piece of rendered HTML goes through. An allow-list: tags and attributes Markdown produces,
/// http(s)/mailto links only (no javascript:, data: or vbscript:), no style, no event handlers, no SVG or MathML.
/// External links get rel="noopener noreferrer".
/// </summary>
public static class HtmlSafety
{
    private static readonly string[] AllowedTags =
    [
        "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "details", "div", "dl", "dt", "em", "figcaption",
        "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "input", "ins", "kbd", "li", "mark", "ol", "p",
        "pre", "q", "s", "samp", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot",
        "th", "thead", "tr", "u", "ul", "var",
    ];

    private static readonly string[] AllowedAttributes =
    [
        "href", "src", "alt", "title", "id", "class", "colspan", "rowspan", "align", "start", "type", "checked",
        "disabled", "open", "rel", "width", "height", "lang", "dir",
    ];

    private static readonly HtmlSanitizer Sanitizer = Create();

    public static string Sanitize(string html) => Sanitizer.Sanitize(html);

    private static HtmlSanitizer Create()
    {
        var options = new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(AllowedTags, StringComparer.OrdinalIgnoreCase),
            AllowedAttributes = new HashSet<string>(AllowedAttributes, StringComparer.OrdinalIgnoreCase),
            AllowedSchemes = new HashSet<string>(["http", "https", "mailto"], StringComparer.OrdinalIgnoreCase),
            UriAttributes = new HashSet<string>(["href", "src", "action", "formaction", "background", "cite", "longdesc", "poster", "xlink:href"], StringComparer.OrdinalIgnoreCase),
            AllowedCssProperties = new HashSet<string>(StringComparer.OrdinalIgnoreCase),
            AllowedAtRules = new HashSet<AngleSharp.Css.Dom.CssRuleType>(),
        };
        var sanitizer = new HtmlSanitizer(options);
        sanitizer.AllowDataAttributes = false;
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is not AngleSharp.Dom.IElement element) return;
            switch (element.LocalName)
            {
                case "a" when IsExternal(element.GetAttribute("href")):
                    element.SetAttribute("rel", "noopener noreferrer");
                    break;
                case "input":
                    // Only the read-only check boxes of task lists survive.
                    if (!string.Equals(element.GetAttribute("type"), "checkbox", StringComparison.OrdinalIgnoreCase))
                        element.Remove();
                    else
                        element.SetAttribute("disabled", "disabled");
                    break;
            }
            var cls = element.GetAttribute("class");
            if (cls is not null)
            {
                var kept = cls.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(IsSafeClass).ToArray();
                if (kept.Length == 0) element.RemoveAttribute("class");
                else element.SetAttribute("class", string.Join(' ', kept));
            }
        };
        return sanitizer;
    }

    // Classes Markdown emits (code languages, task lists, tables); anything else could hook page styles or scripts.
    private static bool IsSafeClass(string cls) =>
        cls.StartsWith("language-", StringComparison.Ordinal) && cls.Length < 40 && cls.Skip(9).All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '+' or '#')
        || cls is "contains-task-list" or "task-list-item" or "task-list-item-checkbox" or "table"
        // Alerts and the docs extensions' placeholders (Docs.DocsExtension).
        || cls is "markdown-alert" or "markdown-alert-title" or "markdown-alert-note" or "markdown-alert-tip" or "markdown-alert-important"
            or "markdown-alert-warning" or "markdown-alert-caution" or "docs-image" or "docs-icon" or "docs-omitted";

    private static bool IsExternal(string? href) =>
        href is not null && (href.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || href.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || href.StartsWith("//", StringComparison.Ordinal));
}
