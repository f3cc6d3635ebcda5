namespace KnowledgeBase.Web.Throttling;

/// <summary>
/// Limits per source address (<c>Throttling</c> section): failed sign-ins, and API requests that carry no valid key.
/// Counted per node, in memory; behind a proxy the source is the client's address only when <c>Network:TrustedProxies</c>
/// names the proxy (docs/security.md).
/// </summary>
public sealed class ThrottlingOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>Failed password sign-ins from one source, whatever the e-mail, before it must wait.</summary>
    public int SignInFailures { get; set; } = 20;

    public int SignInWindowMinutes { get; set; } = 15;

    /// <summary>API requests from one source without a valid key (none, wrong or revoked) before it must wait.</summary>
    public int UnauthenticatedApiRequests { get; set; } = 60;

    public int UnauthenticatedApiWindowSeconds { get; set; } = 60;

    /// <summary>"Forgot password" requests from one source, whatever the e-mail, before it must wait.</summary>
    public int PasswordResetRequests { get; set; } = 5;

    public int PasswordResetWindowMinutes { get; set; } = 15;

    /// <summary>The most sources tracked at once per limit; the oldest windows are dropped first.</summary>
    public int MaxTrackedSources { get; set; } = 100_000;
}
