using System.Security.Claims;
using System.Text.Encodings.Web;
using KnowledgeBase.Core.Api;
using KnowledgeBase.Data.Api;
using KnowledgeBase.Web.Identity;
using KnowledgeBase.Web.Throttling;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Web.Api;

/// <summary>
/// The "ApiKey" scheme, used only by <c>/api/v1</c>: the key comes as <c>Authorization: Bearer …</c> or
/// <c>X-Api-Key</c>. Challenges and refusals answer problem+json (401 / 403), never a redirect. The key itself is never
/// logged. A source that sent too many requests without a valid key (<see cref="SourceThrottle"/>) is answered 429 with
/// Retry-After before its key is even looked at, so floods of wrong keys and guesses at a key's secret stop there.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyStore keys,
    SourceThrottle throttle)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string ScopeClaim = "kb:scope";
    public const string KeyIdClaim = "kb:apikey";
    private const string FailureItem = "kb:apikey-failure";
    private const string ThrottledItem = "kb:apikey-throttled";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var source = Context.Connection.RemoteIpAddress;
        if (throttle.RetryAfter(ThrottleKind.UnauthenticatedApi, source) is { } wait)
        {
            Context.Items[ThrottledItem] = wait;
            return AuthenticateResult.Fail("Too many requests without a valid key from this source.");
        }
        var presented = PresentedKey(Request);
        if (presented is null)
        {
            throttle.Count(ThrottleKind.UnauthenticatedApi, source);
            return AuthenticateResult.NoResult();
        }
        var key = await keys.AuthenticateAsync(presented, Context.RequestAborted);
        if (key is null)
        {
            throttle.Count(ThrottleKind.UnauthenticatedApi, source);
            Context.Items[FailureItem] = true;
            return AuthenticateResult.Fail("The API key is not valid or was revoked.");
        }
        var actor = key.Actor;
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, key.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new(ClaimTypes.Name, actor.Name),
            new(KeyIdClaim, key.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new(KbClaims.Role, actor.Role.ToString()),
            new(KbClaims.Audience, key.Audience.ToString()),
        };
        if (key.Audience != Core.Articles.Audience.Internal && !string.IsNullOrWhiteSpace(key.Client)) claims.Add(new(KbClaims.Client, key.Client));
        claims.AddRange(key.ScopeList.Select(s => new Claim(ScopeClaim, s)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Context.Items[ThrottledItem] is TimeSpan wait)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
            Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return ApiProblems.WriteAsync(Context, 429, ApiProblems.RateLimited, "Too many requests",
                $"Too many requests without a valid API key came from this address; retry after {seconds} s with a valid key.");
        }
        Response.Headers.WWWAuthenticate = "Bearer realm=\"api\"";
        var detail = Context.Items.ContainsKey(FailureItem)
            ? "The API key is not valid or was revoked."
            : "An API key is required: send it as 'Authorization: Bearer <key>' or 'X-Api-Key: <key>'.";
        return ApiProblems.WriteAsync(Context, 401, ApiProblems.Unauthorized, "Unauthorized", detail);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        var operation = Context.GetEndpoint()?.Metadata.GetMetadata<ApiOperation>();
        var user = Context.User;
        var detail = operation is null ? "This API key may not do this."
            : !user.HasClaim(ScopeClaim, operation.Scope) ? $"This API key lacks the scope '{operation.Scope}'."
            : operation.InternalOnly && user.AudienceOf() != Core.Articles.Audience.Internal
                ? "A customer-audience key cannot do this: it may search and read customer articles, give feedback and manage its webhooks; tickets, links, reports, article writes and proposed revisions need an internal key."
            : "This API key may not do this.";
        return ApiProblems.WriteAsync(Context, 403, ApiProblems.Forbidden, "Forbidden", detail);
    }

    /// <summary>The key presented by the request, if any.</summary>
    public static string? PresentedKey(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return authorization[7..].Trim();
        var header = request.Headers["X-Api-Key"].ToString();
        return header.Length > 0 ? header.Trim() : null;
    }
}
