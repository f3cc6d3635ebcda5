using System.Text.RegularExpressions;

namespace KnowledgeBase.Web.Hosting;

/// <summary>
/// A site form post whose fields cannot be bound (a required field missing, "abc" for a number, a body over the limit)
/// answers with a message that names the field and says what to do — not the generic error page, and not an error in
/// the log: it is the sender's mistake. The form endpoints throw <see cref="BadHttpRequestException"/> for it because
/// <c>RouteHandlerOptions.ThrowOnBadRequest</c> is on (the API answers the same exception with problem+json,
/// <see cref="Api.ApiPipeline"/>); <c>/api</c> requests are left to it.
/// </summary>
public sealed partial class FormBadRequests(RequestDelegate next, ILogger<FormBadRequests> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException ex) when (!context.Response.HasStarted && !context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            LogRefused(logger, context.Request.Method, context.Request.Path, ex.Message);
            context.Response.Clear();
            context.Response.StatusCode = ex.StatusCode;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync(MessageFor(ex) + " Nothing was saved. Go back, correct the form and send it again.");
        }
    }

    /// <summary>The binder's message in the words of a form: which field, and what is wrong with it.</summary>
    public static string MessageFor(BadHttpRequestException ex)
    {
        if (ex.StatusCode == StatusCodes.Status413PayloadTooLarge) return "The form is larger than the site accepts.";
        if (Missing().Match(ex.Message) is { Success: true } missing) return $"The form was sent without the field '{missing.Groups["name"].Value}'.";
        if (Invalid().Match(ex.Message) is { Success: true } invalid)
            return $"The field '{invalid.Groups["name"].Value}' has a value the form cannot use: '{invalid.Groups["value"].Value}'.";
        return "The form could not be read: " + ex.Message;
    }

    [GeneratedRegex("""^Required parameter "[^"]* (?<name>[^" ]+)" was not provided""")]
    private static partial Regex Missing();

    [GeneratedRegex("""^Failed to bind parameter "[^"]* (?<name>[^" ]+)" from "(?<value>.*)"\.$""", RegexOptions.Singleline)]
    private static partial Regex Invalid();

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused form post {Method} {Path}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string method, string path, string reason);
}
