using KnowledgeBase.Core.Articles;

namespace KnowledgeBase.Core.Import;

/// <summary>An article read from a Markdown file, ready to be stored.</summary>
public sealed record ImportDocument
{
    public required string Id { get; init; }
    public required string SourcePath { get; init; }
    public required string Title { get; init; }
    /// <summary>The Markdown body without its front matter.</summary>
    public required string Body { get; init; }
    /// <summary>Null when the file does not say: new articles are then Not Validated and existing ones keep their state.</summary>
    public KcsState? State { get; init; }
    public Audience? Audience { get; init; }
    public IReadOnlyList<string> Categories { get; init; } = [];
    public IReadOnlyList<string> Tags { get; init; } = [];
    /// <summary>The front matter's <c>clients:</c> (empty: every client); null when the file does not say, which keeps an existing article's.</summary>
    public IReadOnlyList<string>? Clients { get; init; }
    /// <summary>The explicit owner as the file names it (a user's e-mail or user name, a team's name); the importer resolves it.</summary>
    public string? Owner { get; init; }
    /// <summary>The line of the <c>owner:</c> key (0 when absent), for a problem report.</summary>
    public int OwnerLine { get; init; }
    public DateTime? Reviewed { get; init; }
    /// <summary>When the article was first written (UTC), from <c>created:</c>: an article that existed in the old system keeps its age, so reuse counts stay true.</summary>
    public DateTime? Created { get; init; }
    /// <summary>The line of the <c>created:</c> key (0 when absent).</summary>
    public int CreatedLine { get; init; }
    /// <summary>When the article was last changed (UTC), from <c>updated:</c>.</summary>
    public DateTime? Updated { get; init; }
    public int UpdatedLine { get; init; }
    /// <summary>SHA-256 (hex) of the file's bytes.</summary>
    public required string ContentHash { get; init; }
    /// <summary>The body rendered while parsing, so the import does not render it twice.</summary>
    public Markdown.RenderedArticle? Rendered { get; init; }
}
