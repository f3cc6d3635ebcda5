using System.Runtime.CompilerServices;
using KnowledgeBase.Bench.Engines;
using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Markdown;
using KnowledgeBase.Search;
using KnowledgeBase.Search.Semantic;
using KnowledgeBase.Search.Sync;

namespace KnowledgeBase.Bench.Corpus;

/// <summary>An article as production stores and indexes it, and the text production embeds for it.</summary>
/// <param name="Indexed">What the index sync receives from the change feed for it (the saved article, no owner).</param>
/// <param name="SymptomText">What production embeds as the article's second vector (title and Issue section), or null.</param>
public sealed record ProductionArticle(string Id, IndexedArticle Indexed, string EmbeddingText, string? SymptomText = null);

/// <summary>
/// Turns benchmark articles into what production stores: the Markdown is rendered as on save
/// (<see cref="ArticleRenderer.Render"/>: KCS sections, plain text) into the article the change feed hands the index
/// sync, which maps it by <see cref="SearchDocument.From(IndexedArticle)"/> — not raw Markdown, which production never
/// indexes.
/// </summary>
public static class ProductionCorpus
{
    private static readonly ConditionalWeakTable<IReadOnlyList<BenchArticle>, IReadOnlyList<ProductionArticle>> Prepared = new();

    /// <summary>The production form of each article (prepared once per list, on every core).</summary>
    public static IReadOnlyList<ProductionArticle> Of(IReadOnlyList<BenchArticle> articles) =>
        Prepared.GetValue(articles, list =>
        {
            var result = new ProductionArticle[list.Count];
            Parallel.For(0, list.Count, i => result[i] = Prepare(list[i]));
            return result;
        });

    public static ProductionArticle Prepare(BenchArticle source)
    {
        var rendered = ArticleRenderer.Render(source.Body);
        var article = new Article
        {
            Id = source.Id,
            Title = source.Title,
            Body = source.Body,
            Issue = rendered.Sections.Issue,
            Environment = rendered.Sections.Environment,
            Resolution = rendered.Sections.Resolution,
            Cause = rendered.Sections.Cause,
            Version = 1,
        };
        return new ProductionArticle(source.Id, new IndexedArticle(article, ""), EmbeddingText.For(source.Title, rendered.PlainText),
            EmbeddingText.ForSymptoms(source.Title, ArticleRenderer.ToPlainText(rendered.Sections.Issue)));
    }
}
