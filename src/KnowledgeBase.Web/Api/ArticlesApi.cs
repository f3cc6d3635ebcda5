using System.Globalization;
using KnowledgeBase.Core.Access;
using KnowledgeBase.Core.Api;
using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Markdown;
using KnowledgeBase.Core.Tickets;
using KnowledgeBase.Data.Api;
using KnowledgeBase.Data.Articles;
using KnowledgeBase.Data.Tickets;
using KnowledgeBase.Search;
using KnowledgeBase.Search.Sync;
using KnowledgeBase.Web.Api.Contracts;
using KnowledgeBase.Web.Api.OpenApi;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KnowledgeBase.Web.Api;

/// <summary>Articles: search, intake suggestions, get (ETag / 304), list, create from a ticket, update (If-Match), delete, feedback.</summary>
public static class ArticlesApi
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    public sealed record ArticleServices(ArticleStore Store, ApiReads Reads, ReuseLedger Ledger, ApiUrls Urls, HttpContext Http)
    {
        public ApiCaller Caller => ApiCaller.Of(Http.User);
    }

    /// <summary>The query of <c>GET /articles/search</c>; what intent and the ticket parameters mean is in the OpenAPI document (<see cref="SearchLogging.ParameterDescriptions"/>).</summary>
    public sealed record SearchParameters(string? Q, string? Category, string? State, string? Tag, int? Limit, string? Cursor,
        string? Intent = null, string? TicketSystem = null, string? TicketInstance = null, string? TicketId = null,
        [property: System.ComponentModel.Description("The client of the ticket searched for: its articles come first, other clients' last (default: the ticket's client when the ticket is given).")] string? Client = null);

    public sealed record ListParameters(DateTime? UpdatedSince, string? Category, string? State, int? Limit, string? Cursor);

    public static RouteGroupBuilder MapArticlesApi(this RouteGroupBuilder api)
    {
        var articles = api.MapGroup("/articles").WithTags("Articles");

        articles.MapGet("/search", Search).Operation(ApiOperations.SearchArticles)
            .WithSummary("Full-text search")
            .WithDescription("Ranked search with typo tolerance, synonyms and highlighted snippets (<mark>). Filters: category, state (wip, not-validated, validated, archived; default: wip, not-validated and validated, WIP ranked below the others on a tie), tag; comma-separated lists allowed. A customer-audience key finds only Validated customer articles, whatever state it asks for. snippetHtml is plain text, HTML-encoded, with the matched words in <mark>. " + SearchLogging.SearchCounted)
            .WithExamples(response: ApiExamples.Search);
        articles.MapPost("/suggestions", Suggest).Operation(ApiOperations.SuggestArticles)
            .WithSummary("Suggest articles and a category for a new ticket")
            .WithDescription("Intake: ranks articles for the ticket's subject and description, and the category their best matches share. " + SearchLogging.SuggestionsCounted)
            .WithExamples(ApiExamples.SuggestionRequest, ApiExamples.Suggestions);
        articles.MapGet("/{id}", Get).Operation(ApiOperations.GetArticle)
            .WithSummary("Get one article")
            .WithDescription("format = markdown (default), html or text. Strong ETag from id and version; If-None-Match answers 304. An article the key's audience may not see is 404. Reading an article the key's latest search or suggestions showed counts as opening it: that search becomes successful (and a prefetch becomes demand).")
            .WithExamples(response: ApiExamples.Article);
        articles.MapGet("/", List).Operation(ApiOperations.ListArticles)
            .WithSummary("List articles, or pull the ones changed since a time")
            .WithDescription("Ordered by last update, oldest first; updatedSince, category and state filter it. Page with nextCursor / the Link header. Deletions appear only in the change feed.")
            .WithExamples(response: ApiExamples.ArticleList);
        articles.MapPost("/", Create).Operation(ApiOperations.CreateArticle)
            .WithSummary("Capture an article from a ticket")
            .WithDescription("Creates a WIP or Not Validated article (201 + Location). sourceTicket, when given, must be known (PUT /tickets first) and is recorded as a 'created' link.")
            .WithExamples(ApiExamples.CreateArticleRequest, ApiExamples.Article);
        articles.MapPut("/{id}", Replace).Operation(ApiOperations.ReplaceArticle)
            .WithSummary("Replace an article's content (If-Match required)")
            .WithDescription("title and markdown are required; other fields are kept when absent. If-Match must carry the article's current ETag: 412 when it is stale, 428 when missing. An edit the key's role may not apply is stored as a proposal (202).")
            .WithExamples(ApiExamples.UpdateArticleRequest, ApiExamples.Article).WithExample(202, ApiExamples.Proposal);
        articles.MapPatch("/{id}", Patch).Operation(ApiOperations.PatchArticle)
            .WithSummary("Change some fields of an article (If-Match required)")
            .WithDescription("Only the fields given change (e.g. {\"state\":\"validated\"}). If-Match as for PUT.")
            .WithExamples(new { state = "validated", changeNote = "Confirmed on three tickets" }, ApiExamples.Article).WithExample(202, ApiExamples.Proposal);
        articles.MapDelete("/{id}", Delete).Operation(ApiOperations.DeleteArticle)
            .WithSummary("Delete an article (If-Match required)")
            .WithDescription("Soft delete: the article disappears from reads and search and the change feed reports 'deleted'. The lifecycle rules decide who may.")
            .WithExamples(response: ApiExamples.NoContent);
        articles.MapPost("/{id}/feedback", Feedback).Operation(ApiOperations.GiveFeedback)
            .WithSummary("Helpful / not helpful / flag")
            .WithDescription("kind = helpful, not-helpful or flag. A flag (reason: outdated, incorrect, incomplete, duplicate, other; other needs a comment) enters the owner's review queue.")
            .WithExamples(ApiExamples.FeedbackRequest, ApiExamples.Feedback);
        return api;
    }

    public static string ETagOf(string id, int version, string format = "markdown") => $"\"{id}.v{version.ToString(CultureInfo.InvariantCulture)}.{format}\"";

    public static async Task<Results<Ok<SearchResponse>, ValidationProblem, ProblemHttpResult>> Search([AsParameters] SearchParameters query, SearchIndexHost host, ApiUrls urls,
        ReuseLedger ledger, HttpContext http)
    {
        var caller = ApiCaller.Of(http.User);
        var logErrors = new Dictionary<string, string>();
        var intent = SearchLogging.Intent(query.Intent, logErrors);
        var ticket = SearchLogging.Ticket(query.TicketSystem, query.TicketInstance, query.TicketId, logErrors, "ticketSystem", "ticketInstance", "ticketId");
        if (query.Client is { Length: > 0 } && ClientNames.Problem(query.Client) is { } clientProblem) logErrors["client"] = "The client " + clientProblem + ".";
        if (logErrors.Count > 0) return ApiProblems.ValidationFailed(logErrors);
        if (!TryLimit(query.Limit, 10, out var limit)) return LimitProblem();
        if (!TryStates(query.State, out var states)) return ApiProblems.ValidationFailed("state", $"The state must be {KcsNames.StateWireList} (comma-separated for several).");
        if (!Cursor.TryDecode(query.Cursor, "search", out long offset) || offset > ArticleSearchService.MaxOffset) return ApiProblems.BadCursor();
        if (query.Q is { Length: > 1000 }) return ApiProblems.ValidationFailed("q", "The query must be at most 1,000 characters.");
        if (host.Service is not { } search) return Unavailable();

        var results = search.Search(new SearchRequest
        {
            Query = query.Q ?? "", Offset = (int)offset, Limit = limit, Categories = Split(query.Category), States = states, Tags = Split(query.Tag),
            Reader = caller.Reader, Facets = false, Client = await TicketClientAsync(query.Client, ticket, caller, ledger, http.RequestAborted),
        });
        var items = results.Hits.Select(h => ToItem(h, urls, http.Request)).ToList();
        var end = offset + items.Count;
        var next = items.Count == limit && end < results.TotalHits && end < ArticleSearchService.MaxOffset ? Cursor.Encode("search", end) : null;
        Cursor.AddNextLink(http, next);
        // One search is one search: its later pages (a cursor) are not logged again, and neither is a browse without words.
        if (offset == 0 && !string.IsNullOrWhiteSpace(query.Q))
            await ledger.LogSearchAsync(new SearchLogRequest(caller.Actor.Name, caller.Actor.Name, query.Q, results.TotalHits)
            {
                Category = Split(query.Category).FirstOrDefault(), Source = SearchSource.Api, Ticket = ticket, Shown = items.Select(i => i.Id), Intent = intent,
            }, http.RequestAborted);
        return TypedResults.Ok(new SearchResponse(items, next, results.TotalHits, results.DidYouMean, results.Message, MatchingOf(search)));
    }

    public static async Task<Results<Ok<SuggestionResponse>, ValidationProblem, ProblemHttpResult>> Suggest(SuggestionRequest request, SearchIndexHost host, ApiReads reads, ApiUrls urls,
        ReuseLedger ledger, HttpContext http)
    {
        var caller = ApiCaller.Of(http.User);
        var errors = new Dictionary<string, string>();
        var intent = SearchLogging.Intent(request.Intent, errors);
        var ticket = request.Ticket is null ? null
            : SearchLogging.Ticket(request.Ticket.System, request.Ticket.Instance, request.Ticket.Id, errors, "ticket.system", "ticket.instance", "ticket.id", required: true);
        if (string.IsNullOrWhiteSpace(request.Subject) && string.IsNullOrWhiteSpace(request.Description)) errors["subject"] = "A subject or a description is required.";
        if (request.Subject is { Length: > Ticket.MaxSubjectLength }) errors["subject"] = $"The subject must be at most {Ticket.MaxSubjectLength} characters.";
        if (request.Description is { Length: > Ticket.MaxDescriptionLength }) errors["description"] = $"The description must be at most {Ticket.MaxDescriptionLength:N0} characters.";
        if (!TryLimit(request.Limit, 5, out var limit)) errors["limit"] = $"The limit must be between 1 and {MaxLimit}.";
        if (request.Client is { Length: > 0 } && ClientNames.Problem(request.Client) is { } clientProblem) errors["client"] = "The client " + clientProblem + ".";
        if (errors.Count > 0) return ApiProblems.ValidationFailed(errors);
        if (host.Service is not { } search) return Unavailable();

        var results = search.SuggestForTicket(request.Subject ?? "", request.Description ?? "", request.Category, caller.Reader, limit,
            await TicketClientAsync(request.Client, ticket, caller, ledger, http.RequestAborted));
        var names = (await reads.CategoriesCachedAsync(http.RequestAborted)).ToDictionary(c => c.Id, c => c.Name);
        var categories = results.Categories.Select(c => new CategoryScore(c.CategoryId, names.GetValueOrDefault(c.CategoryId, c.CategoryId), c.Confidence)).ToList();
        var suggested = results.SuggestedCategory is { } id ? categories.FirstOrDefault(c => c.Id == id) : null;
        var items = results.Hits.Select(h => ToItem(h, urls, http.Request)).ToList();
        await ledger.LogSearchAsync(new SearchLogRequest(caller.Actor.Name, caller.Actor.Name, SearchLogging.TicketQuery(request.Subject, request.Description), items.Count)
        {
            Category = request.Category, Source = SearchSource.Suggestions, Ticket = ticket, Shown = items.Select(i => i.Id), Intent = intent,
        }, http.RequestAborted);
        return TypedResults.Ok(new SuggestionResponse(items, suggested, categories, MatchingOf(search)));
    }

    /// <summary>
    /// The client whose articles a search or suggestion puts first: the one given, else (for an internal key) the client
    /// of the ticket it names, as the ledger knows it.
    /// </summary>
    private static async Task<string?> TicketClientAsync(string? given, TicketKey? ticket, ApiCaller caller, ReuseLedger ledger, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(given)) return given;
        if (ticket is null || !caller.Reader.IsInternal) return null;
        return (await ledger.FindTicketAsync(ticket, cancellationToken))?.Client;
    }

    private static string MatchingOf(ArticleSearchService search) => search.Semantic?.IsActive == true ? "hybrid" : "lexical";

    public static async Task<Results<Ok<ArticleResponse>, StatusCodeHttpResult, ValidationProblem, ProblemHttpResult>> Get(string id, string? format, [AsParameters] ArticleServices services)
    {
        format = (format ?? "markdown").ToLowerInvariant();
        if (format is not ("markdown" or "html" or "text")) return ApiProblems.ValidationFailed("format", "The format must be markdown, html or text.");
        var article = await VisibleAsync(services, id);
        if (article is null) return ApiProblems.ArticleNotFound(id);
        // An integration shows an article when its technician picks it from a search or suggestions the key ran: an open.
        await services.Ledger.RecordOpenAsync(services.Caller.Actor.Name, null, article.Id, services.Http.RequestAborted);
        var etag = ETagOf(article.Id, article.Version, format);
        var headers = services.Http.Response.Headers;
        headers.ETag = etag;
        headers.CacheControl = "private, no-cache";
        if (services.Http.Request.Headers.IfNoneMatch.ToString() is { Length: > 0 } ifNoneMatch
            && ifNoneMatch.Split(',').Select(t => t.Trim()).Any(t => t == etag || t == "*"))
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        return TypedResults.Ok(await ToResponseAsync(article, format, services));
    }

    public static async Task<Results<Ok<ArticleListResponse>, ValidationProblem>> List([AsParameters] ListParameters query, [AsParameters] ArticleServices services)
    {
        if (!TryLimit(query.Limit, DefaultLimit, out var limit)) return LimitProblem();
        KcsState? state = null;
        if (query.State is { Length: > 0 })
        {
            if (!KcsNames.TryParseState(query.State, out var parsed)) return ApiProblems.ValidationFailed("state", $"The state must be {KcsNames.StateWireList}.");
            state = parsed;
        }
        (DateTime, string)? after = null;
        if (!Cursor.TryDecode(query.Cursor, "articles", out string? position)) return ApiProblems.BadCursor();
        if (position is not null)
        {
            var bar = position.IndexOf('|');
            if (bar <= 0 || !long.TryParse(position[..bar], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) || ticks > DateTime.MaxValue.Ticks)
                return ApiProblems.BadCursor();
            after = (new DateTime(ticks, DateTimeKind.Utc), position[(bar + 1)..]);
        }
        var since = query.UpdatedSince is { } s ? s.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(s, DateTimeKind.Utc) : s.ToUniversalTime() : (DateTime?)null;
        var rows = await services.Reads.ArticlesAsync(services.Caller.Reader, since, query.Category, state, after, limit, services.Http.RequestAborted);
        var showOwners = services.Caller.Viewer.MaySeeWorkflow();
        var items = rows.Select(r => new ArticleListItem(r.Article.Id, r.Article.Title, r.Article.State.ToWire(), r.Article.Audience.ToWire(), r.Article.Version, showOwners ? r.Owner : null,
            r.Article.CategoryIds.ToList(), r.Article.TagNames.ToList(), r.Article.UpdatedAt, services.Urls.Article(r.Article.Id, services.Http.Request), r.Article.ClientNames)).ToList();
        var next = items.Count == limit ? Cursor.Encode("articles", $"{rows[^1].Article.UpdatedAt.Ticks.ToString(CultureInfo.InvariantCulture)}|{rows[^1].Article.Id}") : null;
        Cursor.AddNextLink(services.Http, next);
        return TypedResults.Ok(new ArticleListResponse(items, next));
    }

    public static async Task<Results<Created<ArticleResponse>, ValidationProblem, ProblemHttpResult>> Create(CreateArticleRequest request, [AsParameters] ArticleServices services)
    {
        var caller = services.Caller;
        var errors = new Dictionary<string, string>();
        if (request.Title is null) errors["title"] = "The title is required.";
        if (request.Markdown is null) errors["markdown"] = "The markdown is required.";
        var state = KcsState.NotValidated;
        if (request.State is { Length: > 0 } && !(KcsNames.TryParseState(request.State, out var parsedState) && (state = parsedState.Value) is KcsState.Wip or KcsState.NotValidated))
            errors["state"] = "An article captured through the API starts as wip or not-validated.";
        var audience = Audience.Internal;
        if (request.Audience is { Length: > 0 } && !(KcsNames.TryParseAudience(request.Audience, out var parsedAudience) && (audience = parsedAudience.Value) == Audience.Internal))
            errors["audience"] = "A new article is internal: only Validated articles may be customer-facing.";
        TicketKey? source = null;
        if (request.SourceTicket is { } ticket)
        {
            if (string.IsNullOrWhiteSpace(ticket.System) || string.IsNullOrWhiteSpace(ticket.Instance) || string.IsNullOrWhiteSpace(ticket.Id))
                errors["sourceTicket"] = "The source ticket needs system, instance and id.";
            else
            {
                source = new TicketKey(ticket.System.Trim(), ticket.Instance.Trim(), ticket.Id.Trim());
                if (await services.Ledger.FindTicketAsync(source, services.Http.RequestAborted) is null)
                    errors["sourceTicket"] = $"Ticket {source} is not known: upsert it first with PUT /api/v1/tickets/{{system}}/{{instance}}/{{ticketId}}.";
            }
        }
        if (errors.Count > 0) return ApiProblems.ValidationFailed(errors);

        var edit = new ArticleEdit
        {
            Title = request.Title!, Body = request.Markdown!, State = state, Audience = audience, Categories = request.Categories ?? [], Tags = request.Tags ?? [],
            Clients = request.Clients?.Select(c => c ?? "").ToList(),
            ChangeNote = request.ChangeNote ?? (source is null ? "Captured through the API" : $"Captured from ticket {source}"),
        };
        var article = await services.Store.CreateAsync(caller.Actor, string.IsNullOrWhiteSpace(request.Id) ? null : request.Id.Trim(), edit, cancellationToken: services.Http.RequestAborted);
        if (source is not null)
            await services.Ledger.LinkAsync(caller.Actor, new LinkRequest(source, article.Id, LinkType.Created) { Channel = LinkChannel.Api, Reader = caller.Reader }, services.Http.RequestAborted);
        var created = await services.Store.FindAsync(article.Id, services.Http.RequestAborted) ?? article;
        services.Http.Response.Headers.ETag = ETagOf(created.Id, created.Version);
        return TypedResults.Created($"/api/v1/articles/{Uri.EscapeDataString(created.Id)}", await ToResponseAsync(created, "markdown", services));
    }

    public static Task<Results<Ok<ArticleResponse>, Accepted<ProposalResponse>, ValidationProblem, ProblemHttpResult>> Replace(string id, UpdateArticleRequest request, [AsParameters] ArticleServices services)
    {
        var errors = new Dictionary<string, string>();
        if (request.Title is null) errors["title"] = "The title is required (PUT replaces the content; use PATCH to change some fields).";
        if (request.Markdown is null) errors["markdown"] = "The markdown is required (PUT replaces the content; use PATCH to change some fields).";
        if (errors.Count > 0) return Task.FromResult<Results<Ok<ArticleResponse>, Accepted<ProposalResponse>, ValidationProblem, ProblemHttpResult>>(ApiProblems.ValidationFailed(errors));
        return Patch(id, request, services);
    }

    public static async Task<Results<Ok<ArticleResponse>, Accepted<ProposalResponse>, ValidationProblem, ProblemHttpResult>> Patch(string id, UpdateArticleRequest request, [AsParameters] ArticleServices services)
    {
        var caller = services.Caller;
        var article = await VisibleAsync(services, id);
        if (article is null) return ApiProblems.ArticleNotFound(id);
        if (IfMatch(services.Http, article) is { } precondition) return precondition;

        var errors = new Dictionary<string, string>();
        var state = article.State;
        if (request.State is { Length: > 0 } && KcsNames.TryParseState(request.State, out var s)) state = s.Value;
        else if (request.State is { Length: > 0 }) errors["state"] = $"The state must be {KcsNames.StateWireList}.";
        var audience = article.Audience;
        if (request.Audience is { Length: > 0 } && KcsNames.TryParseAudience(request.Audience, out var a)) audience = a.Value;
        else if (request.Audience is { Length: > 0 }) errors["audience"] = "The audience must be internal or customer.";
        if (errors.Count > 0) return ApiProblems.ValidationFailed(errors);

        // If-Match: * matches whatever version is current (RFC 9110 13.1.1): a concurrent write in between is not a
        // failed precondition, so the change is applied again on top of the version that won (up to ten times).
        var anyVersion = services.Http.Request.Headers.IfMatch.ToString().Trim() == "*";
        SaveOutcome outcome;
        for (var attempt = 1; ; attempt++)
        {
            var edit = new ArticleEdit
            {
                Title = request.Title ?? article.Title, Body = request.Markdown ?? article.Body,
                State = request.State is { Length: > 0 } ? state : article.State, Audience = request.Audience is { Length: > 0 } ? audience : article.Audience,
                Categories = request.Categories ?? article.CategoryIds.ToList(), Tags = request.Tags ?? article.TagNames.ToList(),
                Owner = request.Owner ?? article.Owner, ChangeNote = request.ChangeNote ?? "",
                Clients = request.Clients?.Select(c => c ?? "").ToList(),
            };
            try
            {
                outcome = await services.Store.UpdateAsync(caller.Actor, id, article.Version, edit, cancellationToken: services.Http.RequestAborted);
                break;
            }
            catch (ArticleConflictException) when (anyVersion && attempt < 10)
            {
                article = await VisibleAsync(services, id);
                if (article is null) return ApiProblems.ArticleNotFound(id);
            }
        }
        if (outcome.Proposal is { } proposal)
            return TypedResults.Accepted(ProposalsApi.PathOf(proposal.Id), new ProposalResponse(proposal.Id, id, proposal.BaseVersion, outcome.Message, ProposalsApi.PathOf(proposal.Id)));
        var saved = await services.Store.FindAsync(id, services.Http.RequestAborted) ?? outcome.Article;
        services.Http.Response.Headers.ETag = ETagOf(saved.Id, saved.Version);
        return TypedResults.Ok(await ToResponseAsync(saved, "markdown", services));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Delete(string id, [AsParameters] ArticleServices services)
    {
        var caller = services.Caller;
        var article = await VisibleAsync(services, id);
        if (article is null) return ApiProblems.ArticleNotFound(id);
        if (IfMatch(services.Http, article) is { } precondition) return precondition;
        await services.Store.DeleteAsync(caller.Actor, id, article.Version, services.Http.RequestAborted);
        return TypedResults.NoContent();
    }

    public static async Task<Results<Created<FeedbackResponse>, ValidationProblem, ProblemHttpResult>> Feedback(string id, FeedbackRequest request, [AsParameters] ArticleServices services)
    {
        var caller = services.Caller;
        var actor = TicketLinksApi.ActorFor(caller, request.By);
        switch (request.Kind?.Trim().ToLowerInvariant())
        {
            case "helpful" or "not-helpful":
                var helpful = request.Kind.Trim().Equals("helpful", StringComparison.OrdinalIgnoreCase);
                var feedback = await services.Ledger.RecordFeedbackAsync(actor, id, helpful, request.Comment, caller.Reader, services.Http.RequestAborted);
                return TypedResults.Created((string?)null, new FeedbackResponse(feedback.Id, feedback.ArticleId, helpful ? "helpful" : "not-helpful", feedback.GivenAt));
            case "flag":
                var reason = FlagReason.Other;
                if (request.Reason is { Length: > 0 } && !Enum.TryParse(request.Reason, ignoreCase: true, out reason))
                    return ApiProblems.ValidationFailed("reason", "The reason must be outdated, incorrect, incomplete, duplicate or other.");
                var flag = await services.Ledger.FlagAsync(actor, id, reason, request.Comment, caller.Reader, services.Http.RequestAborted);
                return TypedResults.Created((string?)null, new FeedbackResponse(flag.Id, flag.ArticleId, "flag", flag.RaisedAt));
            default:
                return ApiProblems.ValidationFailed("kind", "The kind must be helpful, not-helpful or flag.");
        }
    }

    /// <summary>The article when it exists and the caller's audience may see it; otherwise null (404, never 403).</summary>
    internal static async Task<Article?> VisibleAsync(ArticleServices services, string id)
    {
        if (!ArticleId.IsValid(id)) return null;
        var article = await services.Store.FindAsync(id, services.Http.RequestAborted);
        return article is not null && services.Caller.Viewer.MaySee(article) ? article : null;
    }

    /// <summary>428 without If-Match, 412 when it names another version; null when the write may go ahead.</summary>
    internal static ProblemHttpResult? IfMatch(HttpContext http, Article article)
    {
        var header = http.Request.Headers.IfMatch.ToString();
        if (header.Length == 0)
            return ApiProblems.Problem(428, ApiProblems.PreconditionRequired, "Precondition required", "Send If-Match with the article's ETag (from GET) so a concurrent edit is not overwritten.");
        if (header.Trim() == "*") return null;
        var prefix = $"\"{article.Id}.v{article.Version.ToString(CultureInfo.InvariantCulture)}.";
        if (header.Split(',').Select(t => t.Trim()).Any(t => t.StartsWith(prefix, StringComparison.Ordinal))) return null;
        http.Response.Headers.ETag = ETagOf(article.Id, article.Version);
        return ApiProblems.Problem(412, ApiProblems.PreconditionFailed, "Precondition failed",
            $"The article changed: If-Match does not name the stored version {article.Version}. GET it again, reapply the change and retry.");
    }

    private static async Task<ArticleResponse> ToResponseAsync(Article article, string format, ArticleServices services)
    {
        // Who owns an article is internal bookkeeping (AccessPolicy.MaySeeWorkflow): a customer key gets no owner.
        var owner = services.Caller.Viewer.MaySeeWorkflow() ? await services.Reads.OwnerOfAsync(article, services.Http.RequestAborted) : null;
        return new ArticleResponse(article.Id, article.Title, article.State.ToWire(), article.Audience.ToWire(), article.Version, owner,
            article.CategoryIds.ToList(), article.TagNames.ToList(), article.CreatedAt, article.UpdatedAt, services.Urls.Article(article.Id, services.Http.Request), article.ReuseCount,
            new ArticleSectionsDto(article.Issue, article.Environment, article.Resolution, article.Cause),
            format == "markdown" ? article.Body : null, format == "html" ? article.Html : null, format == "text" ? ArticleRenderer.ToPlainText(article.Body) : null, article.ClientNames);
    }

    private static SearchItem ToItem(SearchHit hit, ApiUrls urls, HttpRequest request) =>
        new(hit.Id, hit.Title, hit.SnippetHtml, Math.Round(hit.Score, 4), hit.State.ToWire(), hit.Audience.ToWire(), urls.Article(hit.Id, request), hit.UpdatedAt, hit.ClientNames);

    internal static bool TryLimit(int? requested, int fallback, out int limit)
    {
        limit = requested ?? fallback;
        return limit is >= 1 and <= MaxLimit;
    }

    internal static ValidationProblem LimitProblem() => ApiProblems.ValidationFailed("limit", $"The limit must be between 1 and {MaxLimit}.");

    private static ProblemHttpResult Unavailable() =>
        ApiProblems.Problem(503, ApiProblems.Unavailable, "Search unavailable", "The search index is being built; retry in a minute.");

    private static IReadOnlyList<string> Split(string? text) =>
        (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static bool TryStates(string? text, out IReadOnlyList<KcsState> states)
    {
        var list = new List<KcsState>();
        states = list;
        foreach (var part in Split(text))
        {
            if (!KcsNames.TryParseState(part, out var state)) return false;
            list.Add(state.Value);
        }
        return true;
    }
}
