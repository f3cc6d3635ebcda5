using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Web.Api;

/// <summary>
/// What every <c>/api</c> request goes through before its endpoint: the API's body size limit (413), a rewindable body
/// (for idempotency hashing), and problem+json for every error the endpoints do not answer themselves — malformed
/// JSON, unmatched routes, unhandled exceptions — instead of the site's HTML error pages.
/// </summary>
public sealed partial class ApiPipeline(RequestDelegate next, IOptions<ApiOptions> options, KnowledgeBase.Data.KnowledgeBaseContextFactory database,
    IOptions<KnowledgeBase.Web.Attachments.AttachmentOptions> attachments, ILogger<ApiPipeline> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            await next(context);
            return;
        }
        // The site's status-code pages re-execute to an HTML page; API errors are problem+json.
        if (context.Features.Get<IStatusCodePagesFeature>() is { } pages) pages.Enabled = false;
        // A file upload may be as large as one file may be; everything else is JSON.
        var limit = HttpMethods.IsPost(context.Request.Method) && context.Request.Path.Equals("/api/v1/attachments", StringComparison.OrdinalIgnoreCase)
            ? Math.Max(options.Value.MaxRequestBodyBytes, attachments.Value.MaxFileBytes)
            : options.Value.MaxRequestBodyBytes;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = limit;
        if (context.Request.ContentLength > limit)
        {
            await TooLargeAsync(context, limit);
            return;
        }
        if (HttpMethods.IsPost(context.Request.Method)) context.Request.EnableBuffering(bufferThreshold: 64 * 1024, bufferLimit: limit);

        try
        {
            await next(context);
        }
        catch (BadHttpRequestException ex) when (!context.Response.HasStarted)
        {
            context.Response.Clear();
            if (ex.StatusCode == StatusCodes.Status413PayloadTooLarge) await TooLargeAsync(context, limit);
            else await ApiProblems.WriteAsync(context, ex.StatusCode, ApiProblems.MalformedRequest, "Malformed request", DetailOf(ex));
            return;
        }
        catch (Exception ex) when (KnowledgeBase.Data.DatabaseFailures.IsUnavailable(ex) && !context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            // Fail fast and let the client retry (POSTs with their Idempotency-Key): nothing is retried here, because
            // a write whose commit outcome is unknown must not be applied twice.
            database.ClearPool();
            LogDatabaseUnavailable(logger, context.Request.Method, context.Request.Path, ex.GetBaseException().Message);
            context.Response.Clear();
            context.Response.Headers.RetryAfter = KnowledgeBase.Web.Hosting.DatabaseOutageMiddleware.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await ApiProblems.WriteAsync(context, 503, ApiProblems.DatabaseUnavailable, "Database unavailable",
                "The knowledge base cannot reach its database right now (restart or fail-over). Retry after the Retry-After seconds; POSTs with the same Idempotency-Key are safe to repeat.");
            return;
        }
        catch (Exception ex) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            LogUnhandled(logger, ex, context.Request.Method, context.Request.Path);
            context.Response.Clear();
            await ApiProblems.WriteAsync(context, 500, ApiProblems.Internal, "Internal error",
                $"The request failed on the server; the error is logged with trace id {context.TraceIdentifier}.");
            return;
        }

        if (context.Response.StatusCode >= 400 && !context.Response.HasStarted && context.Response.ContentType is null)
        {
            var status = context.Response.StatusCode;
            await ApiProblems.WriteAsync(context, status, ApiProblems.TypePrefix + status, ReasonOf(status), $"{context.Request.Method} {context.Request.Path} failed with status {status}.");
        }
    }

    private static Task TooLargeAsync(HttpContext context, long limit) =>
        ApiProblems.WriteAsync(context, 413, ApiProblems.PayloadTooLarge, "Request body too large",
            $"The request body is larger than the API accepts ({limit:N0} bytes).");

    /// <summary>Names the JSON problem: the reader's message carries the path, line and byte position.</summary>
    private static string DetailOf(BadHttpRequestException ex)
    {
        for (Exception? inner = ex; inner is not null; inner = inner.InnerException)
        {
            if (inner is JsonException json) return "The request body is not valid JSON: " + json.Message;
        }
        return ex.Message;
    }

    private static string ReasonOf(int status) => status switch
    {
        404 => "Not found",
        405 => "Method not allowed",
        415 => "Unsupported media type",
        _ => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status),
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database unavailable during API request {Method} {Path}: answered 503 ({Reason})")]
    private static partial void LogDatabaseUnavailable(ILogger logger, string method, string path, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error in API request {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path);
}
