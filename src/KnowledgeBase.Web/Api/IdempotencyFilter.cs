using System.Security.Cryptography;
using System.Text;
using KnowledgeBase.Data.Api;
using Microsoft.AspNetCore.Http.Features;

namespace KnowledgeBase.Web.Api;

/// <summary>
/// <c>Idempotency-Key</c> on POSTs (api.md): the first response (status, Content-Type, Location, ETag and body) is stored
/// durably for 24 hours per key; the same key with the same request replays it (with <c>Idempotent-Replayed: true</c>),
/// with another body answers 422, and while the first is still running answers 409. Server errors are not stored, so
/// a retry runs again.
/// </summary>
public sealed class IdempotencyFilter(IdempotencyStore store, ILogger<IdempotencyFilter> logger) : IEndpointFilter
{
    public const string Header = "Idempotency-Key";
    private static readonly string[] ReplayedHeaders = ["Content-Type", "Location", "ETag"];

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var key = http.Request.Headers[Header].ToString();
        if (key.Length == 0) return await next(context);
        if (key.Length > Core.Api.IdempotencyRecord.MaxKeyLength || key.Any(char.IsControl))
            return ApiProblems.ValidationFailed(Header, $"The Idempotency-Key must be 1–{Core.Api.IdempotencyRecord.MaxKeyLength} printable characters.");

        var caller = ApiCaller.Of(http.User);
        var hash = await RequestHashAsync(http.Request);
        var begin = await store.BeginAsync(caller.KeyId, key, hash, http.RequestAborted);
        switch (begin.Outcome)
        {
            case IdempotencyOutcome.Mismatch:
                return ApiProblems.Problem(422, ApiProblems.IdempotencyMismatch, "Idempotency key reused",
                    "This Idempotency-Key was already used with a different request in the last 24 hours; use a new key for a new request.");
            case IdempotencyOutcome.InFlight:
                return ApiProblems.Problem(409, ApiProblems.IdempotencyInFlight, "Request in progress",
                    "A request with this Idempotency-Key is still being processed; retry shortly to get its response.");
            case IdempotencyOutcome.Replay:
                return new ReplayResult(begin.Record!);
        }

        var recordId = begin.Record!.Id;
        try
        {
            var result = await next(context);
            var bodyFeature = http.Features.Get<IHttpResponseBodyFeature>()!;
            using var buffer = new MemoryStream();
            http.Response.Body = buffer;
            try
            {
                await ExecuteAsync(result, http);
            }
            finally
            {
                http.Features.Set(bodyFeature);
            }
            var status = http.Response.StatusCode;
            if (status >= 500) await store.AbandonAsync(recordId, CancellationToken.None);
            else
            {
                var headers = string.Join('\n', ReplayedHeaders.Where(h => http.Response.Headers.ContainsKey(h)).Select(h => $"{h}: {http.Response.Headers[h]}"));
                await store.CompleteAsync(recordId, status, headers, buffer.ToArray(), CancellationToken.None);
            }
            buffer.Position = 0;
            await buffer.CopyToAsync(http.Response.Body, http.RequestAborted);
            return Results.Empty;
        }
        catch
        {
            await store.AbandonAsync(recordId, CancellationToken.None);
            logger.LogDebug("Request with an idempotency key failed; its record was dropped so a retry runs again");
            throw;
        }
    }

    private static async Task ExecuteAsync(object? result, HttpContext http)
    {
        switch (result)
        {
            case IResult r: await r.ExecuteAsync(http); break;
            case null: break;
            default: await TypedResults.Ok(result).ExecuteAsync(http); break;
        }
    }

    private static async Task<string> RequestHashAsync(HttpRequest request)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes($"{request.Method} {request.Path}{request.QueryString}\n"));
        if (request.Body.CanSeek)
        {
            request.Body.Position = 0;
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await request.Body.ReadAsync(chunk)) > 0) sha.AppendData(chunk, 0, read);
            request.Body.Position = 0;
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    private sealed class ReplayResult(Core.Api.IdempotencyRecord record) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = record.StatusCode;
            foreach (var line in record.Headers.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var colon = line.IndexOf(':');
                if (colon > 0) httpContext.Response.Headers[line[..colon]] = line[(colon + 1)..].Trim();
            }
            httpContext.Response.Headers["Idempotent-Replayed"] = "true";
            await httpContext.Response.Body.WriteAsync(record.Body);
        }
    }
}
