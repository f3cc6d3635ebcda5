namespace KnowledgeBase.Web.Api;

/// <summary>The <c>Api</c> configuration section.</summary>
public sealed class ApiOptions
{
    /// <summary>Requests per minute per API key (<c>Api:RateLimit:PermitsPerMinute</c>).</summary>
    public RateLimitSettings RateLimit { get; set; } = new();
    /// <summary>Largest request body the API reads (<c>Api:MaxRequestBodyBytes</c>); larger ones get 413.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;
    public WebhookSettings Webhooks { get; set; } = new();
    /// <summary>The site's public address for article links (<c>Api:PublicBaseUrl</c>); the request's host when empty.</summary>
    public string? PublicBaseUrl { get; set; }

    public sealed class RateLimitSettings
    {
        public int PermitsPerMinute { get; set; } = 600;
    }

    public sealed class WebhookSettings
    {
        /// <summary>First retry delay; each further retry waits twice as long (capped at an hour).</summary>
        public double RetryBaseSeconds { get; set; } = 10;
        public double TimeoutSeconds { get; set; } = 10;
        /// <summary>How often the dispatcher looks for work when nothing signals it.</summary>
        public double PollSeconds { get; set; } = 2;
        /// <summary>
        /// How long a node may take to send a claimed delivery before another node may send it (at least
        /// 2 × TimeoutSeconds + 5): how soon a dead node's in-flight deliveries are retried.
        /// </summary>
        public double ClaimSeconds { get; set; } = 60;
        /// <summary>How often the dispatcher looks for articles whose review fell due (article.review_due); the rules are evaluated for every article.</summary>
        public double ReviewScanSeconds { get; set; } = 600;
        /// <summary>
        /// Lets webhooks go to loopback, private, link-local and other internal addresses (development and tests only;
        /// cloud metadata endpoints stay refused). Off by default.
        /// </summary>
        public bool AllowPrivateTargets { get; set; }
        /// <summary>CIDR ranges of internal receivers allowed although they are not public (e.g. an on-premises PSA, 10.20.0.0/16).</summary>
        public List<string> AllowedNetworks { get; set; } = [];
    }
}
