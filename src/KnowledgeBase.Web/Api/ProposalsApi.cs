using System.Globalization;
using KnowledgeBase.Core.Api;
using KnowledgeBase.Core.Articles;
using KnowledgeBase.Data.Articles;
using KnowledgeBase.Web.Api.Contracts;
using KnowledgeBase.Web.Api.OpenApi;
using KnowledgeBase.Web.Proposals;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KnowledgeBase.Web.Api;

/// <summary>
/// Proposed revisions (docs/proposals.md): list them (all, or an article's), get one with its diff, accept (If-Match on
/// the article's version, as for any update) or reject (a reason is required). Internal-audience keys only: proposals
/// are unreviewed internal work, so a customer key sees none, not even of customer articles. Deciding is the lifecycle's
/// to allow for the key's role (a kb.write key is a Contributor: internal articles yes, customer-facing ones no).
/// </summary>
public static class ProposalsApi
{
    public sealed record ProposalServices(ArticleStore Store, ProposalReads Reads, ApiUrls Urls, HttpContext Http)
    {
        public ApiCaller Caller => ApiCaller.Of(Http.User);
    }

    public sealed record ListParameters(string? Status, string? ArticleId, string? Author, int? Limit, string? Cursor);

    public sealed record ArticleListParameters(string? Status, int? Limit, string? Cursor);

    public static string PathOf(long id) => "/api/v1/proposals/" + id.ToString(CultureInfo.InvariantCulture);

    public static RouteGroupBuilder MapProposalsApi(this RouteGroupBuilder api)
    {
        var proposals = api.MapGroup("/proposals").WithTags("Proposals");
        proposals.MapGet("/", List).Operation(ApiOperations.ListProposals)
            .WithSummary("List proposed revisions")
            .WithDescription("Oldest first; filter by status (open, accepted, rejected, withdrawn; comma-separated for several; default all), articleId and author. Page with nextCursor / the Link header. Each item links to its page on the site (reviewUrl), where a person can compare and decide.")
            .WithExamples(response: ApiExamples.ProposalList);
        proposals.MapGet("/{id:long}", Get).Operation(ApiOperations.GetProposal)
            .WithSummary("Get one proposed revision with its diff")
            .WithDescription("The proposal's Markdown, categories and tags and a unified diff: for an open proposal, of what accepting would change in the current version (merge.outdated when the article moved on since the proposal was written, merge.conflicts passages both changed); for a decided one, of what it proposed. The ETag names the article's current version: send it as If-Match to accept.")
            .WithExamples(response: ApiExamples.ProposalDetails);
        proposals.MapPost("/{id:long}/accept", Accept).Operation(ApiOperations.AcceptProposal)
            .WithOptionalJsonBody("Optional: { \"mode\": \"merge\" | \"replace\", \"note\": \"…\" }; without a body the proposal is merged with no note.")
            .WithSummary("Accept a proposed revision (If-Match required)")
            .WithDescription("Applies the proposal as the article's next version, credited to its author; webhooks and the change feed report article.updated. If-Match must carry the article's current ETag (from GET of the proposal or the article): 412 when the article changed since, 428 when missing. mode=merge (default) merges a proposal written on an older version and answers 409 proposal-conflict when both changed the same passage; mode=replace applies its title and body as written. 409 proposal-decided when it was already accepted or rejected (by whom is in the detail).")
            .WithExamples(ApiExamples.AcceptProposalRequest, ApiExamples.AcceptedProposal);
        proposals.MapPost("/{id:long}/reject", Reject).Operation(ApiOperations.RejectProposal)
            .WithSummary("Reject a proposed revision with a reason")
            .WithDescription("reason is required: the proposal's author reads it. The article is not changed. 409 proposal-decided when it was already accepted or rejected.")
            .WithExamples(ApiExamples.RejectProposalRequest, ApiExamples.ProposalDetails);
        proposals.MapPost("/{id:long}/withdraw", Withdraw).Operation(ApiOperations.WithdrawProposal)
            .WithSummary("Withdraw your own open proposal")
            .WithDescription("Only the proposal's author (the key's or the user's name) may withdraw it, and only while it is open: 403 for anyone else, 409 proposal-decided when it was already decided. The article is not changed; the proposal stays listed with status withdrawn.")
            .WithExamples(response: ApiExamples.ProposalDetails);
        api.MapGet("/articles/{id}/proposals", ListOfArticle).WithTags("Proposals").Operation(ApiOperations.ListArticleProposals)
            .WithSummary("List an article's proposed revisions")
            .WithDescription("As GET /proposals?articleId=…, and 404 when the article does not exist.")
            .WithExamples(response: ApiExamples.ProposalList);
        return api;
    }

    public static async Task<Results<Ok<ProposalListResponse>, ValidationProblem>> List([AsParameters] ListParameters query, [AsParameters] ProposalServices services)
    {
        if (query.ArticleId is { Length: > 0 } articleId && !ArticleId.IsValid(articleId))
            return ApiProblems.ValidationFailed("articleId", "The articleId is not a valid article id.");
        if (query.Author is { Length: > 256 }) return ApiProblems.ValidationFailed("author", "The author must be at most 256 characters.");
        return await ListAsync(query.Status, query.Limit, query.Cursor, NullIfEmpty(query.ArticleId), NullIfEmpty(query.Author), services);
    }

    public static async Task<Results<Ok<ProposalListResponse>, ValidationProblem, ProblemHttpResult>> ListOfArticle(string id, [AsParameters] ArticleListParameters query,
        [AsParameters] ProposalServices services)
    {
        if (!ArticleId.IsValid(id) || await services.Store.FindAsync(id, services.Http.RequestAborted) is null) return ApiProblems.ArticleNotFound(id);
        var result = await ListAsync(query.Status, query.Limit, query.Cursor, id, null, services);
        return result.Result switch
        {
            Ok<ProposalListResponse> ok => ok,
            ValidationProblem problem => problem,
            _ => throw new InvalidOperationException("unexpected result"),
        };
    }

    private static async Task<Results<Ok<ProposalListResponse>, ValidationProblem>> ListAsync(string? status, int? requestedLimit, string? cursor, string? articleId, string? author,
        ProposalServices services)
    {
        if (!ArticlesApi.TryLimit(requestedLimit, ArticlesApi.DefaultLimit, out var limit)) return ArticlesApi.LimitProblem();
        if (!TryStatuses(status, out var statuses)) return ApiProblems.ValidationFailed("status", "The status must be open, accepted or rejected (comma-separated for several), or all.");
        if (!Cursor.TryDecode(cursor, "proposals", out long after)) return ApiProblems.BadCursor();
        var rows = await services.Reads.ListAsync(new ProposalQuery
        {
            ArticleId = articleId, Author = author, Statuses = statuses, After = after == 0 ? null : after, Limit = limit,
        }, services.Http.RequestAborted);
        var items = rows.Select(r => Summary(r, services)).ToList();
        var next = items.Count == limit ? Cursor.Encode("proposals", rows[^1].Id) : null;
        Cursor.AddNextLink(services.Http, next);
        return TypedResults.Ok(new ProposalListResponse(items, next));
    }

    public static async Task<Results<Ok<ProposalDetails>, StatusCodeHttpResult, ProblemHttpResult>> Get(long id, [AsParameters] ProposalServices services)
    {
        var review = await services.Reads.ReviewAsync(id, services.Http.RequestAborted);
        if (review is null) return NotFound(id);
        var etag = ETagOf(review);
        services.Http.Response.Headers.ETag = etag;
        services.Http.Response.Headers.CacheControl = "private, no-cache";
        if (services.Http.Request.Headers.IfNoneMatch.ToString() is { Length: > 0 } ifNoneMatch
            && ifNoneMatch.Split(',').Select(t => t.Trim()).Any(t => t == etag || t == "*"))
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        return TypedResults.Ok(Details(review, services));
    }

    public static async Task<Results<Ok<ProposalDetails>, ValidationProblem, ProblemHttpResult>> Accept(long id, [AsParameters] ProposalServices services)
    {
        var (request, malformed) = await OptionalBodyAsync<AcceptProposalRequest>(services.Http);
        if (malformed is not null) return malformed;
        var review = await services.Reads.ReviewAsync(id, services.Http.RequestAborted);
        if (review is null) return NotFound(id);
        if (!review.Proposal.IsOpen) throw new ProposalDecidedException(review.Proposal);
        if (review.Article is null) return ApiProblems.ArticleNotFound(review.Proposal.ArticleId);
        if (ArticlesApi.IfMatch(services.Http, review.Article) is { } precondition)
        {
            // The proposal and its article are read one after the other: another decider may have accepted this very
            // proposal in between, so the article moved on while the proposal still read open. A decided proposal is
            // answered as decided (409) whatever If-Match says, as when it was read decided above.
            if (await services.Reads.ReviewAsync(id, services.Http.RequestAborted) is { Proposal.IsOpen: false } decidedMeanwhile)
                throw new ProposalDecidedException(decidedMeanwhile.Proposal);
            return precondition;
        }
        var mode = ProposalAcceptMode.Merge;
        if (request?.Mode is { Length: > 0 } text)
        {
            if (text.Trim().Equals("replace", StringComparison.OrdinalIgnoreCase)) mode = ProposalAcceptMode.Replace;
            else if (!text.Trim().Equals("merge", StringComparison.OrdinalIgnoreCase))
                return ApiProblems.ValidationFailed("mode", "The mode must be merge (apply onto the current version; refused when both changed the same passage) or replace (apply the proposal as written).");
        }
        var outcome = await services.Store.AcceptProposalAsync(services.Caller.Actor, id, review.Article.Version, mode, request?.Note ?? "", services.Http.RequestAborted);
        services.Http.Response.Headers.ETag = ArticlesApi.ETagOf(outcome.Article.Id, outcome.Article.Version);
        var decided = await services.Reads.ReviewAsync(id, services.Http.RequestAborted) ?? throw new ProposalNotFoundException(id);
        return TypedResults.Ok(Details(decided, services));
    }

    public static async Task<Results<Ok<ProposalDetails>, ValidationProblem, ProblemHttpResult>> Reject(long id, RejectProposalRequest request, [AsParameters] ProposalServices services)
    {
        if (await services.Reads.ArticleIdOfAsync(id, services.Http.RequestAborted) is null) return NotFound(id);
        await services.Store.RejectProposalAsync(services.Caller.Actor, id, request.Reason ?? "", services.Http.RequestAborted);
        var decided = await services.Reads.ReviewAsync(id, services.Http.RequestAborted) ?? throw new ProposalNotFoundException(id);
        return TypedResults.Ok(Details(decided, services));
    }

    public static async Task<Results<Ok<ProposalDetails>, ProblemHttpResult>> Withdraw(long id, [AsParameters] ProposalServices services)
    {
        if (await services.Reads.ArticleIdOfAsync(id, services.Http.RequestAborted) is null) return NotFound(id);
        await services.Store.WithdrawProposalAsync(services.Caller.Actor, id, services.Http.RequestAborted);
        var withdrawn = await services.Reads.ReviewAsync(id, services.Http.RequestAborted) ?? throw new ProposalNotFoundException(id);
        return TypedResults.Ok(Details(withdrawn, services));
    }

    /// <summary>
    /// A JSON body that may be absent: a bound body parameter would make the route require a JSON Content-Type, and a bare
    /// POST would miss it. Malformed JSON is a 400 naming the problem, as for bound bodies.
    /// </summary>
    private static async Task<(T? Body, ProblemHttpResult? Problem)> OptionalBodyAsync<T>(HttpContext http) where T : class
    {
        var request = http.Request;
        if (request.ContentLength is null or 0 && !request.Headers.TransferEncoding.Any()) return (null, null);
        if (!request.HasJsonContentType())
            return (null, ApiProblems.Problem(415, ApiProblems.TypePrefix + "415", "Unsupported media type", "Send the body as application/json, or send no body."));
        try
        {
            return (await request.ReadFromJsonAsync<T>(http.RequestAborted), null);
        }
        catch (System.Text.Json.JsonException ex)
        {
            return (null, ApiProblems.Problem(400, ApiProblems.MalformedRequest, "Malformed request", "The request body is not valid JSON: " + ex.Message));
        }
    }

    /// <summary>Changes with the article's version (an accept must have seen it) and with the proposal's status.</summary>
    public static string ETagOf(ProposalReview review) =>
        $"\"{review.Proposal.ArticleId}.v{(review.Article?.Version ?? 0).ToString(CultureInfo.InvariantCulture)}.proposal-{review.Proposal.Id.ToString(CultureInfo.InvariantCulture)}-{review.Proposal.Status.ToWire()}\"";

    private static ProblemHttpResult NotFound(long id) => ApiProblems.NotFoundProblem($"Proposal #{id} does not exist.");

    private static ProposalSummary Summary(ProposalListItem item, ProposalServices services) =>
        new(item.Id, item.ArticleId, item.ArticleTitle, item.BaseVersion, item.ArticleVersion, item.Outdated, item.Title, item.Author, item.ChangeNote, item.CreatedAt,
            item.Status.ToWire(), item.DecidedBy, item.DecidedAt, item.DecisionNote, item.AppliedVersion, PathOf(item.Id), ReviewUrl(item.ArticleId, item.Id, services));

    private static ProposalDetails Details(ProposalReview review, ProposalServices services)
    {
        var p = review.Proposal;
        var merge = review.Merge;
        var (from, diff) = merge is not null
            ? (review.Article!.Version, RevisionDiff.Unified(merge.Current.Body, (merge.Merged ?? merge.Replaced).Body))
            : (p.BaseVersion, RevisionDiff.Unified(review.Base.Body, review.Proposed.Body));
        return new ProposalDetails(p.Id, p.ArticleId, review.Article?.Title ?? p.Title, p.BaseVersion, review.Article?.Version ?? 0, review.Outdated, p.Title, p.Author,
            p.ChangeNote, p.CreatedAt, p.Status.ToWire(), p.DecidedBy, p.DecidedAt, p.DecisionNote, p.AppliedVersion, PathOf(p.Id), ReviewUrl(p.ArticleId, p.Id, services),
            p.Body, review.Proposed.Categories, review.Proposed.Tags, from, diff,
            merge is null ? null : new ProposalMergeInfo(review.Outdated, !merge.HasConflicts, merge.ConflictCount, merge.TitleConflicts));
    }

    private static string ReviewUrl(string articleId, long id, ProposalServices services) =>
        services.Urls.BaseUrl(services.Http.Request) + ProposalActions.PageOf(articleId, id);

    private static bool TryStatuses(string? text, out IReadOnlyCollection<ProposalStatus> statuses)
    {
        var list = new List<ProposalStatus>();
        statuses = list;
        foreach (var part in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            switch (part.ToLowerInvariant())
            {
                case "all": list.Clear(); return true;
                case "open": list.Add(ProposalStatus.Open); break;
                case "accepted": list.Add(ProposalStatus.Accepted); break;
                case "rejected": list.Add(ProposalStatus.Rejected); break;
                case "withdrawn": list.Add(ProposalStatus.Withdrawn); break;
                default: return false;
            }
        }
        return true;
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
