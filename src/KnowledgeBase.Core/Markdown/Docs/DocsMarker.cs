using System.Text.RegularExpressions;
using Markdig.Parsers;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Syntax;

namespace KnowledgeBase.Core.Markdown.Docs;

/// <summary>A line that only marks a docs layout (<c>:::zone pivot="…"</c>, <c>:::zone-end</c>, <c>:::moniker</c>,
/// <c>:::row:::</c>, <c>:::column:::</c>, <c>:::image-end:::</c>): the content between the markers is kept, every
/// zone and moniker shown.</summary>
internal sealed class DocsMarkerBlock(BlockParser parser) : LeafBlock(parser);

internal sealed partial class DocsMarkerParser : BlockParser
{
    public DocsMarkerParser() => OpeningCharacters = [':'];

    public override BlockState TryOpen(BlockProcessor processor)
    {
        if (processor.IsCodeIndent) return BlockState.None;
        var line = processor.Line;
        if (!Marker().IsMatch(line.AsSpan())) return BlockState.None;
        processor.NewBlocks.Push(new DocsMarkerBlock(this)
        {
            Column = processor.Column,
            Line = processor.LineIndex,
            Span = new SourceSpan(processor.Start, line.End),
        });
        return BlockState.BreakDiscard;
    }

    [GeneratedRegex(@"^:::\s*(?:zone|moniker|row|column|image-end)\b", RegexOptions.CultureInvariant)]
    private static partial Regex Marker();
}

/// <summary>Markers render as nothing.</summary>
internal sealed class DocsMarkerRenderer : HtmlObjectRenderer<DocsMarkerBlock>
{
    protected override void Write(HtmlRenderer renderer, DocsMarkerBlock obj)
    {
    }
}
