using KnowledgeBase.Data;

namespace KnowledgeBase.Web.Hosting;

/// <summary>
/// Pages that need the database answer at once with a plain 503 page while it is unreachable (down, restarting,
/// refusing connections), instead of a generic 500 — and work again as soon as it is back, without a restart: the
/// connection pool is cleared here so dead pooled connections do not fail further requests. The API answers the same
/// outage with problem+json (<see cref="Api.ApiPipeline"/>).
/// </summary>
public sealed partial class DatabaseOutageMiddleware(RequestDelegate next, KnowledgeBaseContextFactory database, ILogger<DatabaseOutageMiddleware> logger)
{
    public const int RetryAfterSeconds = 5;

    private const string Page = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>Knowledge base unavailable</title>
        <meta name="viewport" content="width=device-width, initial-scale=1"></head>
        <body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; padding: 0 1rem">
        <h1>The knowledge base cannot reach its database</h1>
        <p>Nothing you saved before is lost. This usually lasts seconds (a database restart or fail-over):
        try again in a moment — the page works again as soon as the database is back.</p>
        </body></html>
        """;

    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception ex) when (DatabaseFailures.IsUnavailable(ex) && !context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            database.ClearPool();
            LogUnavailable(logger, context.Request.Method, context.Request.Path, ex.GetBaseException().Message);
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.WriteAsync(Page);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database unavailable during {Method} {Path}: answered 503 ({Reason})")]
    private static partial void LogUnavailable(ILogger logger, string method, string path, string reason);
}
