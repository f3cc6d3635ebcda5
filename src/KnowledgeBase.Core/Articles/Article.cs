namespace KnowledgeBase.Core.Articles;

/// <summary>
/// A KCS article: one issue/resolution pair written in Markdown. The body is the source of truth; the sections and the
/// sanitized HTML are derived from it at save time (see <see cref="Markdown.ArticleRenderer"/>).
/// </summary>
public sealed class Article
{
    public required string Id { get; init; }
    public required string Title { get; set; }
    /// <summary>Markdown source.</summary>
    public required string Body { get; set; }
    /// <summary>Sanitized HTML rendered from <see cref="Body"/> when it was saved.</summary>
    public string Html { get; set; } = "";
    /// <summary>The <see cref="Markdown.ArticleRenderer.Version"/> that rendered <see cref="Html"/>; older HTML is re-rendered in the background.</summary>
    public int HtmlVersion { get; set; }
    public string Issue { get; set; } = "";
    public string Environment { get; set; } = "";
    public string Resolution { get; set; } = "";
    public string Cause { get; set; } = "";
    public KcsState State { get; set; } = KcsState.NotValidated;
    public Audience Audience { get; set; } = Audience.Internal;
    /// <summary>Explicit owner; when null the primary category's owner is accountable.</summary>
    public string? Owner { get; set; }
    public List<ArticleCategory> Categories { get; set; } = [];
    public List<ArticleTag> Tags { get; set; } = [];
    /// <summary>The clients the article is written for; empty: every client (docs/kcs.md "Clients").</summary>
    public List<ArticleClient> Clients { get; set; } = [];
    public DateTime CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";
    public DateTime UpdatedAt { get; set; }
    public string UpdatedBy { get; set; } = "";
    public DateTime? LastReviewedAt { get; set; }
    public string? LastReviewedBy { get; set; }
    public DateTime? ReviewDueAt { get; set; }
    /// <summary>Starts at 1 and grows by one with every applied change; the optimistic-concurrency token.</summary>
    public int Version { get; set; }
    /// <summary>The KCS role of whoever wrote the current content (a Candidate's work needs a Coach to validate it).</summary>
    public Lifecycle.KcsRole LastAuthorRole { get; set; } = Lifecycle.KcsRole.Contributor;
    /// <summary>SHA-256 of the imported file, so an unchanged file is skipped on re-import.</summary>
    public string? ContentHash { get; set; }
    public string? SourcePath { get; set; }
    public int ReuseCount { get; set; }
    public DateTime? DeletedAt { get; set; }

    public ArticleSections Sections => new(Issue, Environment, Resolution, Cause);

    public string? PrimaryCategoryId => Categories.OrderBy(c => c.Position).FirstOrDefault()?.CategoryId;

    public IEnumerable<string> CategoryIds => Categories.OrderBy(c => c.Position).Select(c => c.CategoryId);

    public IEnumerable<string> TagNames => Tags.Select(t => t.Tag).Order(StringComparer.Ordinal);

    /// <summary>The clients' names as shown, in name order; empty: every client.</summary>
    public IReadOnlyList<string> ClientNames => Clients.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => c.Name).ToList();

    /// <summary>The clients' keys (<see cref="Articles.ClientNames.Key"/>), as the access policy compares them.</summary>
    public IReadOnlyList<string> ClientKeys => Clients.Select(c => c.Key).Order(StringComparer.Ordinal).ToList();

    /// <summary>The clients as a revision or change-log row keeps them (<see cref="Articles.ClientNames.Scope"/>).</summary>
    public string ClientScope => Articles.ClientNames.Scope(Clients.Select(c => c.Key));
}
