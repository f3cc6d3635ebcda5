using System.Text.Json.Serialization;

namespace KnowledgeBase.Web.Api.Contracts;

// The shapes integrations rely on (api.md "Shapes"); one file per resource keeps each surface's contract in one place.

/// <param name="Clients">The clients the article is for; empty: every client.</param>
public sealed record SearchItem(string Id, string Title, string Snippet, double Score, string State, string Audience, string Url, DateTime UpdatedAt, IReadOnlyList<string> Clients);

/// <param name="Matching">"hybrid" when searches fuse meaning with words, "lexical" while they match words only (the
/// semantic step is off, loading, or still embedding articles).</param>
public sealed record SearchResponse(IReadOnlyList<SearchItem> Items, string? NextCursor, int Total, string? DidYouMean, string? Message, string Matching);

public sealed record SuggestionRequest(string? Subject, string? Description, string? Category, string? Client, int? Limit,
    [property: System.ComponentModel.Description("The ticket these suggestions are for: a later link of an article to it marks them successful.")] TicketRef? Ticket = null,
    [property: System.ComponentModel.Description(SearchLogging.IntentDescription)] string? Intent = null);

public sealed record CategoryScore(string Id, string Name, double Confidence);

/// <param name="Articles">Only articles close enough to the ticket (a relevance floor): possibly none.</param>
/// <param name="Matching">"hybrid" or "lexical", as for search.</param>
public sealed record SuggestionResponse(IReadOnlyList<SearchItem> Articles, CategoryScore? SuggestedCategory, IReadOnlyList<CategoryScore> Categories, string Matching);

public sealed record ArticleSectionsDto(string Issue, string Environment, string Resolution, string Cause);

public sealed record ArticleResponse(
    string Id, string Title, string State, string Audience, int Version, string? Owner,
    IReadOnlyList<string> Categories, IReadOnlyList<string> Tags, DateTime CreatedAt, DateTime UpdatedAt, string Url, int ReuseCount,
    ArticleSectionsDto Sections,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Markdown,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Html,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Text,
    [property: System.ComponentModel.Description("The clients the article is for; empty: every client.")] IReadOnlyList<string> Clients);

public sealed record ArticleListItem(string Id, string Title, string State, string Audience, int Version, string? Owner,
    IReadOnlyList<string> Categories, IReadOnlyList<string> Tags, DateTime UpdatedAt, string Url, IReadOnlyList<string> Clients);

public sealed record ArticleListResponse(IReadOnlyList<ArticleListItem> Items, string? NextCursor);

public sealed record TicketRef(string? System, string? Instance, string? Id);

public sealed record CreateArticleRequest(string? Title, string? Markdown, IReadOnlyList<string>? Categories, IReadOnlyList<string>? Tags,
    string? Audience, string? State, string? Id, TicketRef? SourceTicket, string? ChangeNote,
    [property: System.ComponentModel.Description("The clients the article is for (names; at most 20, each at most 100 characters); empty or absent: every client.")] IReadOnlyList<string?>? Clients = null);

/// <summary>PUT replaces title and markdown (both required); PATCH changes only the fields given.</summary>
public sealed record UpdateArticleRequest(string? Title, string? Markdown, IReadOnlyList<string>? Categories, IReadOnlyList<string>? Tags,
    string? Audience, string? State, string? Owner, string? ChangeNote,
    [property: System.ComponentModel.Description("The clients the article is for; [] makes it for every client; absent keeps them (PUT too).")] IReadOnlyList<string?>? Clients = null);

/// <summary>An edit kept as a proposed revision (202): <c>url</c> is the proposal in the API, where its decision can be followed.</summary>
public sealed record ProposalResponse(long ProposalId, string ArticleId, int BaseVersion, string Message, string Url);

public sealed record FeedbackRequest(string? Kind, string? Reason, string? Comment, string? By);

public sealed record FeedbackResponse(long Id, string ArticleId, string Kind, DateTime CreatedAt);
