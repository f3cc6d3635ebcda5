using KnowledgeBase.Core.Articles;

namespace KnowledgeBase.Search;

/// <param name="SnippetHtml">HTML-encoded text with the matched words in <c>&lt;mark&gt;</c>; empty when snippets were not asked for.</param>
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
    int Version);
