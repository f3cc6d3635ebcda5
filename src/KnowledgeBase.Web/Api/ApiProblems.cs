using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace KnowledgeBase.Web.Api;

/// <summary>
/// RFC 9457 problem details of the API. Every error has a stable <c>type</c> (<c>urn:kb:problem:{name}</c>), a human
/// <c>title</c> and <c>detail</c>; validation problems add <c>errors</c> (field → messages).
/// </summary>
public static class ApiProblems
{
    public const string TypePrefix = "urn:kb:problem:";
    public const string Unauthorized = TypePrefix + "unauthorized";
    public const string Forbidden = TypePrefix + "forbidden";
    public const string LifecycleForbidden = TypePrefix + "lifecycle-forbidden";
    public const string NotFound = TypePrefix + "not-found";
    public const string Validation = TypePrefix + "validation";
    public const string MalformedRequest = TypePrefix + "malformed-request";
    public const string PreconditionFailed = TypePrefix + "precondition-failed";
    public const string PreconditionRequired = TypePrefix + "precondition-required";
    public const string Conflict = TypePrefix + "conflict";
    /// <summary>The proposed revision was already accepted or rejected.</summary>
    public const string ProposalDecided = TypePrefix + "proposal-decided";
    /// <summary>The proposal and a later version changed the same passage: accept with mode=replace, or edit the article.</summary>
    public const string ProposalConflict = TypePrefix + "proposal-conflict";
    public const string IdempotencyInFlight = TypePrefix + "idempotency-in-flight";
    public const string IdempotencyMismatch = TypePrefix + "idempotency-key-reused";
    public const string PayloadTooLarge = TypePrefix + "payload-too-large";
    public const string RateLimited = TypePrefix + "rate-limited";
    public const string LimitReached = TypePrefix + "limit-reached";
    public const string Unavailable = TypePrefix + "search-unavailable";
    public const string DatabaseUnavailable = TypePrefix + "database-unavailable";
    public const string Internal = TypePrefix + "internal";

    public static ProblemDetails Create(int status, string type, string title, string detail) =>
        new() { Status = status, Type = type, Title = title, Detail = detail };

    public static ProblemHttpResult Problem(int status, string type, string title, string detail) =>
        TypedResults.Problem(Create(status, type, title, detail));

    public static ProblemHttpResult NotFoundProblem(string detail) => Problem(404, NotFound, "Not found", detail);

    public static ProblemHttpResult ArticleNotFound(string id) => NotFoundProblem($"Article '{id}' does not exist.");

    public static ProblemHttpResult LifecycleRefused(string reason) => Problem(403, LifecycleForbidden, "Refused by the KCS lifecycle rules", reason);

    public static ValidationProblem ValidationFailed(IReadOnlyDictionary<string, string> errors, string? detail = null) =>
        TypedResults.ValidationProblem(errors.ToDictionary(e => e.Key, e => new[] { e.Value }),
            detail: detail ?? "The request is not valid: " + string.Join("; ", errors.Select(e => $"{e.Key}: {e.Value}")),
            title: "Validation failed", type: Validation);

    public static ValidationProblem ValidationFailed(string field, string message) =>
        ValidationFailed(new Dictionary<string, string> { [field] = message });

    public static ValidationProblem BadCursor() =>
        ValidationFailed("cursor", "The cursor is not valid: pass the nextCursor of a previous page unchanged.");

    /// <summary>Writes a problem directly (middleware, authentication handler, filters).</summary>
    public static Task WriteAsync(HttpContext context, int status, string type, string title, string detail)
    {
        context.Response.StatusCode = status;
        return TypedResults.Problem(Create(status, type, title, detail)).ExecuteAsync(context);
    }
}
