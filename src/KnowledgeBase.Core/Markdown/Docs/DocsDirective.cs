using System.Text.RegularExpressions;
using Markdig.Helpers;
using Markdig.Parsers;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace KnowledgeBase.Core.Markdown.Docs;

/// <summary>A one-line Microsoft Learn directive: <c>:::image type="content" source="…" alt-text="…":::</c>,
/// <c>:::no-loc text="…":::</c>, <c>:::code language="…" source="…":::</c>, or an inline row/column marker.</summary>
internal sealed class DocsDirectiveInline(string name, IReadOnlyDictionary<string, string> attributes) : LeafInline
{
    public string Name { get; } = name;

    public string? Attribute(string key) => attributes.TryGetValue(key, out var value) ? value : null;
}

internal sealed partial class DocsDirectiveParser : InlineParser
{
    private static readonly HashSet<string> Names = new(StringComparer.Ordinal)
    {
        "image", "no-loc", "code", "row", "row-end", "column", "column-end", "image-end",
    };

    public DocsDirectiveParser() => OpeningCharacters = [':'];

    public override bool Match(InlineProcessor processor, ref StringSlice slice)
    {
        var start = slice.Start;
        var match = Directive().Match(slice.Text, start, slice.End - start + 1);
        if (!match.Success || !Names.Contains(match.Groups[1].Value)) return false;
        var attributes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (Match attribute in Attribute().Matches(match.Groups[2].Value)) attributes.TryAdd(attribute.Groups[1].Value, attribute.Groups[2].Value);
        var position = processor.GetSourcePosition(start, out var line, out var column);
        processor.Inline = new DocsDirectiveInline(match.Groups[1].Value, attributes)
        {
            Span = new SourceSpan(position, position + match.Length - 1),
            Line = line,
            Column = column,
        };
        slice.Start = start + match.Length;
        return true;
    }

    [GeneratedRegex(@"\G:::([a-z][a-z-]*)((?:[^:\n]|:(?!::))*):::", RegexOptions.CultureInvariant)]
    private static partial Regex Directive();

    [GeneratedRegex(@"([A-Za-z][A-Za-z-]*)\s*=\s*""([^""]*)""", RegexOptions.CultureInvariant)]
    private static partial Regex Attribute();
}

/// <summary>
/// Images whose file was not imported show as a labelled placeholder with their alt text (an absolute http(s) image,
/// or one the import stored (<c>/attachments/…</c>), shows as an image); a no-loc shows its text; a code include says the sample is not included; markers show nothing.
/// In plain text: an image's alt text and a no-loc's text.
/// </summary>
internal sealed class DocsDirectiveRenderer : HtmlObjectRenderer<DocsDirectiveInline>
{
    protected override void Write(HtmlRenderer renderer, DocsDirectiveInline obj)
    {
        var html = renderer.EnableHtmlForInline;
        switch (obj.Name)
        {
            case "no-loc":
                renderer.WriteEscape(obj.Attribute("text") ?? "");
                break;
            case "image":
                WriteImage(renderer, obj, html);
                break;
            case "code" when html:
                var file = Path.GetFileName(obj.Attribute("source") ?? "");
                renderer.Write("<span class=\"docs-omitted\">Code sample not included");
                if (file.Length > 0) renderer.Write(" (").WriteEscape(file).Write(')');
                renderer.Write("</span>");
                break;
        }
    }

    private static void WriteImage(HtmlRenderer renderer, DocsDirectiveInline obj, bool html)
    {
        var alt = (obj.Attribute("alt-text") ?? "").Trim();
        var source = obj.Attribute("source") ?? "";
        if (!html)
        {
            renderer.WriteEscape(alt);
            return;
        }
        // An image the import stored with the article (its source rewritten to the stored file) shows like any image.
        if (source.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || source.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
            || source.StartsWith(Attachments.AttachmentLinks.PathPrefix, StringComparison.Ordinal))
        {
            renderer.Write("<img src=\"").WriteEscapeUrl(source).Write("\" alt=\"").WriteEscape(alt).Write("\" />");
            return;
        }
        if (string.Equals(obj.Attribute("type"), "icon", StringComparison.OrdinalIgnoreCase))
        {
            // Icons stand inside a sentence ("select the … icon"): their alt text names them.
            renderer.Write("<span class=\"docs-icon\">").WriteEscape(alt.Length > 0 ? alt : "icon").Write("</span>");
            return;
        }
        renderer.Write("<span class=\"docs-image\">Image not included");
        if (alt.Length > 0) renderer.Write(": ").WriteEscape(alt);
        renderer.Write("</span>");
    }
}
