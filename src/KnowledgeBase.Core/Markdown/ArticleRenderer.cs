using System.Text;
using KnowledgeBase.Core.Articles;
using Markdig;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace KnowledgeBase.Core.Markdown;

/// <summary>
/// Markdown → sanitized HTML, KCS sections and plain text. CommonMark plus tables, task lists, auto-links, fenced
/// code, heading ids, GitHub/Learn alerts, the Microsoft Learn extensions (<see cref="Docs.DocsExtension"/>) and YAML
/// front matter (which is skipped, not rendered).
/// </summary>
public static class ArticleRenderer
{
    /// <summary>
    /// Bump when the HTML this pipeline makes from the same Markdown changes: stored HTML of an older version is
    /// re-rendered in the background (2: alerts, the Microsoft Learn extensions, angle-bracket placeholders as text).
    /// </summary>
    public const int Version = 2;

    public static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UseYamlFrontMatter()
        .UsePipeTables()
        .UseGridTables()
        .UseTaskLists()
        .UseAutoLinks()
        .UseAutoIdentifiers(Markdig.Extensions.AutoIdentifiers.AutoIdentifierOptions.GitHub)
        .UseEmphasisExtras()
        .UseListExtras()
        .UseFootnotes()
        .UseAlertBlocks(Docs.DocsExtension.RenderAlertKind, allowNestedAlerts: true)
        .Use<Docs.DocsExtension>()
        .Build();

    public static RenderedArticle Render(string markdown)
    {
        markdown ??= "";
        var document = Markdig.Markdown.Parse(markdown, Pipeline);
        var html = HtmlSafety.Sanitize(document.ToHtml(Pipeline));
        return new RenderedArticle(html, ExtractSections(markdown, document), FirstHeading(document), ToPlainText(markdown));
    }

    /// <summary>Sanitized HTML only (for previews).</summary>
    public static string ToSafeHtml(string markdown) => HtmlSafety.Sanitize(Markdig.Markdown.ToHtml(markdown ?? "", Pipeline));

    public static string ToPlainText(string markdown)
    {
        var text = Markdig.Markdown.ToPlainText(markdown ?? "", Pipeline);
        return text.Trim();
    }

    private static string? FirstHeading(MarkdownDocument document) =>
        document.Descendants<HeadingBlock>().Where(h => h.Level == 1).Select(InlineText).FirstOrDefault(t => t.Length > 0);

    internal static ArticleSections ExtractSections(string markdown, MarkdownDocument document)
    {
        var parts = new Dictionary<KcsSection, StringBuilder>();
        var headings = document.Where(b => b is HeadingBlock).Cast<HeadingBlock>().ToList();
        // A subsection of a section belongs to it, even when it is named like a section itself ("### Workaround" under
        // "## Resolution"): it is neither repeated in the parent nor moved to another section.
        var insideSectionUntil = -1;
        for (var i = 0; i < headings.Count; i++)
        {
            var heading = headings[i];
            if (heading.Span.Start < insideSectionUntil) continue;
            var kind = SectionHeadings.Classify(InlineText(heading));
            if (kind == KcsSection.None) continue;

            // The section runs to the next heading of the same or a higher level.
            var end = markdown.Length;
            for (var j = i + 1; j < headings.Count; j++)
            {
                if (headings[j].Level <= heading.Level) { end = headings[j].Span.Start; break; }
            }
            insideSectionUntil = end;
            var start = Math.Min(heading.Span.End + 1, markdown.Length);
            if (end <= start) continue;
            var text = markdown[start..end].Trim();
            if (text.Length == 0) continue;
            if (!parts.TryGetValue(kind, out var builder)) parts[kind] = builder = new StringBuilder();
            if (builder.Length > 0) builder.Append("\n\n");
            builder.Append(text);
        }
        string Get(KcsSection k) => parts.TryGetValue(k, out var b) ? b.ToString() : "";
        return new ArticleSections(Get(KcsSection.Issue), Get(KcsSection.Environment), Get(KcsSection.Resolution), Get(KcsSection.Cause));
    }

    private static string InlineText(LeafBlock block)
    {
        if (block.Inline is null) return "";
        var builder = new StringBuilder();
        foreach (var inline in block.Inline.Descendants())
        {
            switch (inline)
            {
                case LiteralInline literal: builder.Append(literal.Content.ToString()); break;
                case CodeInline code: builder.Append(code.Content); break;
            }
        }
        return builder.ToString().Trim();
    }

    /// <summary>The YAML front matter block of a document, if any, with its first line number (1-based, the line after ---).</summary>
    public static (string Yaml, int FirstLine)? FrontMatter(string markdown)
    {
        var document = Markdig.Markdown.Parse(markdown, Pipeline);
        var block = document.Descendants<YamlFrontMatterBlock>().FirstOrDefault();
        if (block is null) return null;
        var yaml = string.Join('\n', block.Lines.Lines.Take(block.Lines.Count).Select(l => l.ToString()));
        return (yaml, block.Line + 2);
    }
}
