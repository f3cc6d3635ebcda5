using KnowledgeBase.Core.Articles;

namespace KnowledgeBase.Search;

/// <param name="SnippetHtml">HTML-encoded text with the matched words in <c>&lt;mark&gt;</c>; empty when snippets were not asked for.</param>
/// <param name="Clients">The clients the article is for, as shown; empty: every client.</param>
public sealed record SearchHit(
    string Id,
    string Title,
    float Score,
    string SnippetHtml,
    KcsState State,
    Audience Audience,
    string Owner,
    IReadOnlyList<string> Categories,
    IReadOnlyList<string> Tags,
    DateTime UpdatedAt,
    int Version,
    IReadOnlyList<string>? Clients = null)
{
    /// <summary>The clients the article is for (never null; empty: every client).</summary>
    public IReadOnlyList<string> ClientNames => Clients ?? [];
}
