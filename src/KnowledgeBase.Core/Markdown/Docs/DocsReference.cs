using System.Text.RegularExpressions;
using Markdig.Helpers;
using Markdig.Parsers;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace KnowledgeBase.Core.Markdown.Docs;

internal enum DocsReferenceKind { Include, Video, Div }

/// <summary><c>[!INCLUDE [title](path)]</c>, <c>[!VIDEO url]</c> or <c>[!div class="…"]</c>: references to files,
/// players and layouts an imported article does not carry.</summary>
internal sealed class DocsReferenceInline(DocsReferenceKind kind, string target) : LeafInline
{
    public DocsReferenceKind Kind { get; } = kind;
    public string Target { get; } = target;
}

internal sealed partial class DocsReferenceParser : InlineParser
{
    public DocsReferenceParser() => OpeningCharacters = ['['];

    public override bool Match(InlineProcessor processor, ref StringSlice slice)
    {
        if (slice.PeekChar() != '!') return false;
        var start = slice.Start;
        var match = Reference().Match(slice.Text, start, slice.End - start + 1);
        if (!match.Success) return false;
        var kind = match.Groups["include"].Success ? DocsReferenceKind.Include
            : match.Groups["video"].Success ? DocsReferenceKind.Video
            : DocsReferenceKind.Div;
        var position = processor.GetSourcePosition(start, out var line, out var column);
        processor.Inline = new DocsReferenceInline(kind, match.Groups["video"].Value)
        {
            Span = new SourceSpan(position, position + match.Length - 1),
            Line = line,
            Column = column,
        };
        slice.Start = start + match.Length;
        return true;
    }

    [GeneratedRegex(@"\G\[!(?:(?<include>INCLUDE)\s*\[[^\]\n]*\]\([^)\n]*\)|VIDEO\s+<?(?<video>[^\]\s>]+)>?\s*|div\s[^\]\n]*)\]", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Reference();
}

/// <summary>A video becomes a link to it; includes and layout hints show nothing.</summary>
internal sealed class DocsReferenceRenderer : HtmlObjectRenderer<DocsReferenceInline>
{
    protected override void Write(HtmlRenderer renderer, DocsReferenceInline obj)
    {
        if (obj.Kind != DocsReferenceKind.Video || !renderer.EnableHtmlForInline) return;
        if (!obj.Target.StartsWith("https://", StringComparison.OrdinalIgnoreCase) && !obj.Target.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) return;
        renderer.Write("<a href=\"").WriteEscapeUrl(obj.Target).Write("\">Watch the video</a>");
    }
}
