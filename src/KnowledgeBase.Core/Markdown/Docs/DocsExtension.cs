using Markdig;
using Markdig.Extensions.Alerts;
using Markdig.Helpers;
using Markdig.Parsers.Inlines;
using Markdig.Renderers;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace KnowledgeBase.Core.Markdown.Docs;

/// <summary>
/// The documentation extensions found in imported Microsoft Learn and GitHub articles, understood or dropped cleanly:
/// <c>:::image:::</c> (a placeholder with its alt text: the media files are not imported; absolute images show),
/// <c>:::no-loc text="…":::</c> (its text), <c>:::code:::</c> (a note that the sample is not included), the
/// <c>:::zone</c>, <c>:::moniker</c>, <c>:::row:::</c> and <c>:::column:::</c> markers (their content stays),
/// <c>[!INCLUDE [..](..)]</c> and <c>[!div …]</c> (dropped), <c>[!VIDEO url]</c> (a link), and alerts
/// (<c>&gt; [!NOTE]</c>, TIP, IMPORTANT, WARNING, CAUTION — nested in lists too). Angle-bracketed placeholders such as
/// <c>&lt;username&gt;</c> or <c>&lt;DateTime&gt;</c> are text, not HTML: the sanitizer would otherwise drop them
/// together with the rest of their paragraph.
/// </summary>
/// <remarks>In plain text (<see cref="Markdig.Markdown.ToPlainText(string, MarkdownPipeline?)"/>) each construct
/// becomes its words: an image's alt text, an alert's "Note:", nothing for the rest.</remarks>
public sealed class DocsExtension : IMarkdownExtension
{
    public void Setup(MarkdownPipelineBuilder pipeline)
    {
        if (!pipeline.BlockParsers.Contains<DocsMarkerParser>()) pipeline.BlockParsers.Insert(0, new DocsMarkerParser());
        if (!pipeline.InlineParsers.Contains<DocsDirectiveParser>()) pipeline.InlineParsers.Insert(0, new DocsDirectiveParser());
        if (!pipeline.InlineParsers.Contains<DocsReferenceParser>()) pipeline.InlineParsers.Insert(0, new DocsReferenceParser());
        pipeline.DocumentProcessed -= Tidy;
        pipeline.DocumentProcessed += Tidy;
    }

    public void Setup(MarkdownPipeline pipeline, IMarkdownRenderer renderer)
    {
        if (renderer is not HtmlRenderer html) return;
        html.ObjectRenderers.AddIfNotAlready<DocsMarkerRenderer>();
        html.ObjectRenderers.AddIfNotAlready<DocsDirectiveRenderer>();
        html.ObjectRenderers.AddIfNotAlready<DocsReferenceRenderer>();
    }

    /// <summary>The title line of an alert: "Note" in HTML, "Note:" in plain text.</summary>
    public static void RenderAlertKind(HtmlRenderer renderer, StringSlice kind)
    {
        var title = kind.ToString().ToUpperInvariant() switch
        {
            "NOTE" => "Note",
            "TIP" => "Tip",
            "IMPORTANT" => "Important",
            "WARNING" => "Warning",
            "CAUTION" => "Caution",
            _ => null,
        };
        if (title is null) return;
        if (renderer.EnableHtmlForBlock) renderer.WriteLine($"<p class=\"markdown-alert-title\">{title}</p>");
        else renderer.WriteLine(title + ":");
    }

    private static void Tidy(MarkdownDocument document)
    {
        foreach (var tag in document.Descendants<HtmlInline>().ToList())
        {
            if (HtmlNames.IsLineBreak(tag.Tag)) tag.ReplaceBy(new LineBreakInline { IsHard = true, Span = tag.Span, Line = tag.Line, Column = tag.Column });
            else if (!HtmlNames.IsHtmlTag(tag.Tag)) tag.ReplaceBy(new LiteralInline(tag.Tag) { Span = tag.Span, Line = tag.Line, Column = tag.Column });
        }
        // A paragraph that held only dropped references ([!INCLUDE], [!div]) would render as an empty <p>.
        foreach (var paragraph in document.Descendants<ParagraphBlock>().ToList())
        {
            if (paragraph.Inline?.FirstChild is null || !paragraph.Inline.All(IsNothing)) continue;
            paragraph.Parent?.Remove(paragraph);
        }

        static bool IsNothing(Inline inline) => inline switch
        {
            DocsReferenceInline reference => reference.Kind != DocsReferenceKind.Video,
            LineBreakInline => true,
            LiteralInline literal => literal.Content.IsEmptyOrWhitespace(),
            _ => false,
        };
    }
}
