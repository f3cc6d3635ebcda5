using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Web.Api;

/// <summary>
/// Per-key rate limit: a fixed one-minute window of <c>Api:RateLimit:PermitsPerMinute</c> requests per API key (a
/// <see cref="PartitionedRateLimiter"/> partitioned by key id). It runs after authentication, which is why it is an
/// endpoint filter rather than the rate-limiting middleware (that runs before the API key is known).
/// </summary>
public sealed class ApiRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<long> _limiter;

    public ApiRateLimiter(IOptions<ApiOptions> options)
    {
        var permits = Math.Max(1, options.Value.RateLimit.PermitsPerMinute);
        _limiter = PartitionedRateLimiter.Create<long, long>(keyId => RateLimitPartition.GetFixedWindowLimiter(keyId, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0, AutoReplenishment = true,
        }));
    }

    public RateLimitLease Acquire(long keyId) => _limiter.AttemptAcquire(keyId);

    public void Dispose() => _limiter.Dispose();
}

public sealed class RateLimitFilter(ApiRateLimiter limiter) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var caller = ApiCaller.Of(context.HttpContext.User);
        using var lease = limiter.Acquire(caller.KeyId);
        if (lease.IsAcquired) return await next(context);
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 60;
        context.HttpContext.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        return ApiProblems.Problem(429, ApiProblems.RateLimited, "Too many requests",
            $"This API key sent more requests than its limit allows; retry after {retryAfter} s.");
    }
}
