using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Markdown;
using KnowledgeBase.Search.Indexing;

namespace KnowledgeBase.Search;

/// <summary>What the index knows about one article. Text fields may be plain text or Markdown (markup is stripped).</summary>
/// <param name="Body">The body without the KCS sections.</param>
/// <param name="Categories">Category ids, primary first.</param>
/// <param name="Clients">The clients the article is for, as shown; empty: every client.</param>
public sealed record SearchDocument(
    string Id,
    string Title,
    string Issue,
    string Environment,
    string Resolution,
    string Cause,
    string Body,
    IReadOnlyList<string> Tags,
    IReadOnlyList<string> Categories,
    KcsState State,
    Audience Audience,
    string Owner,
    DateTime UpdatedAt,
    int ReuseCount,
    int Version,
    IReadOnlyList<string>? Clients = null)
{
    /// <summary>The document of an article as the change feed gives it (the one mapping production and the benchmark share).</summary>
    public static SearchDocument From(Sync.IndexedArticle article)
    {
        ArgumentNullException.ThrowIfNull(article);
        return From(article.Article, article.Owner);
    }

    /// <summary>
    /// Maps a saved article: its sections were extracted at save time; the body is reduced to what lies outside them.
    /// <paramref name="owner"/> is its accountable owner (Core.Owners.AccountableOwner), "" when unowned.
    /// </summary>
    public static SearchDocument From(Article article, string owner)
    {
        ArgumentNullException.ThrowIfNull(article);
        var split = MarkdownText.Split(article.Body);
        var hasSavedSections = article.Issue.Length + article.Environment.Length + article.Resolution.Length + article.Cause.Length > 0;
        return new SearchDocument(
            article.Id,
            article.Title,
            hasSavedSections ? article.Issue : split.Issue,
            hasSavedSections ? article.Environment : split.Environment,
            hasSavedSections ? article.Resolution : split.Resolution,
            hasSavedSections ? article.Cause : split.Cause,
            ArticleRenderer.ToPlainText(split.Rest),
            article.TagNames.ToArray(),
            article.CategoryIds.ToArray(),
            article.State,
            article.Audience,
            owner ?? "",
            article.UpdatedAt,
            article.ReuseCount,
            article.Version,
            article.ClientNames);
    }

    /// <summary>
    /// Builds a document straight from a Markdown body (imports, benchmarks, rebuilds): the KCS sections are split by
    /// heading without rendering HTML, which keeps a full rebuild within its time budget.
    /// </summary>
    public static SearchDocument FromMarkdown(string id, string title, string markdown, KcsState state = KcsState.NotValidated,
        Audience audience = Audience.Internal, IReadOnlyList<string>? categories = null, IReadOnlyList<string>? tags = null,
        string owner = "", DateTime updatedAt = default, int reuseCount = 0, int version = 1, IReadOnlyList<string>? clients = null)
    {
        var split = MarkdownText.Split(markdown);
        return new SearchDocument(id, title, split.Issue, split.Environment, split.Resolution, split.Cause, split.Rest,
            tags ?? [], categories ?? [], state, audience, owner, updatedAt, reuseCount, version, clients ?? []);
    }
}
