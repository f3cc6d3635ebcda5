namespace KnowledgeBase.Web.Hosting;

/// <summary>
/// Headers on every response. The Content-Security-Policy allows only our own scripts (Blazor's are files, no eval),
/// our own styles plus inline style attributes (Blazor's reconnect UI sets them), images over https, and the Blazor
/// websocket; pages cannot be framed — except a PSA ticket panel, which a response may open to the origins its
/// instance lists (<see cref="AllowFraming"/>), and nothing else.
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: https:; " +
        "font-src 'self'; connect-src 'self' ws: wss:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

    /// <summary>What one response relaxes, set by its endpoint before the response starts.</summary>
    private sealed class Relaxations
    {
        public IReadOnlyList<string>? FrameAncestors { get; set; }
        public bool KeepOpener { get; set; }
        public string? StricterPolicy { get; set; }
    }

    /// <summary>
    /// This response is served under its own, stricter Content-Security-Policy (a stored file: inert, sandboxed). Only
    /// a policy given here replaces the site's: a header someone else set (Blazor sets <c>frame-ancestors 'self'</c> on
    /// its pages) never does.
    /// </summary>
    public static void UseStricterPolicy(this HttpContext context, string policy) => Get(context).StricterPolicy = policy;

    /// <summary>
    /// This response may be framed by these origins (CSP <c>frame-ancestors</c>) and carries no
    /// <c>X-Frame-Options</c> (which cannot name origins); an empty list still refuses every frame. Its referrer is
    /// never sent on (the panel's address is its own business).
    /// </summary>
    public static void AllowFraming(this HttpContext context, IReadOnlyList<string> origins) =>
        Get(context).FrameAncestors = origins;

    /// <summary>
    /// This response keeps its opener (<c>Cross-Origin-Opener-Policy: unsafe-none</c>): the panel's connect window,
    /// opened by the panel inside a PSA's page, hands its result back to that panel.
    /// </summary>
    public static void KeepOpener(this HttpContext context) => Get(context).KeepOpener = true;

    private static Relaxations Get(HttpContext context)
    {
        if (context.Items[typeof(Relaxations)] is not Relaxations relaxations) context.Items[typeof(Relaxations)] = relaxations = new Relaxations();
        return relaxations;
    }

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            var relaxed = context.Items[typeof(Relaxations)] as Relaxations;
            if (relaxed?.FrameAncestors is { } origins)
            {
                var ancestors = origins.Count == 0 ? "'none'" : string.Join(' ', origins);
                headers["Content-Security-Policy"] = ContentSecurityPolicy.Replace("frame-ancestors 'none'", "frame-ancestors " + ancestors, StringComparison.Ordinal);
                headers["Referrer-Policy"] = "no-referrer";
                if (origins.Count == 0) headers["X-Frame-Options"] = "DENY";
            }
            else
            {
                headers["Content-Security-Policy"] = relaxed?.StricterPolicy ?? ContentSecurityPolicy;
                headers["X-Frame-Options"] = "DENY";
                headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            }
            headers["X-Content-Type-Options"] = "nosniff";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            headers["Cross-Origin-Opener-Policy"] = relaxed?.KeepOpener == true ? "unsafe-none" : "same-origin";
            return Task.CompletedTask;
        });
        await next();
    });
}
