using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace KnowledgeBase.Web.Psa.Panel;

/// <summary>Who a panel acts for: a PSA member named by a signed link, or an account that connected the panel itself.</summary>
public enum PanelSource
{
    /// <summary>A PSA member (resolved by the instance's member table each time).</summary>
    Member = 0,
    /// <summary>A knowledge-base account that connected the panel from a first-party window.</summary>
    Account = 1,
}

/// <summary>An open panel: the instance, the ticket, who acts, and the embed-secret stamp it was opened under.</summary>
public sealed record PanelSession(string Slug, string TicketId, PanelSource Source, string Who, long SecretStamp);

/// <summary>A one-time code the connect window hands to the panel (an account connected it), and whether to keep a grant.</summary>
public sealed record PanelConnect(string Slug, string TicketId, string UserName, bool Remember, string Nonce);

/// <summary>"Keep this browser connected": lets the panel of any ticket of the instance open for the account without connecting again.</summary>
public sealed record PanelGrant(string Slug, string UserName, long SecretStamp);

/// <summary>
/// The panel's own tokens, sealed and time-limited by ASP.NET Core Data Protection (a key only the site holds, shared
/// by every node): the session carried by each panel form (never in an address), the connect code, the grant kept in the
/// frame's partitioned storage. A PSA can mint panel links with its instance's secret (<c>PanelLink</c>) but none of
/// these, so a leaked instance secret never lets anyone act as an arbitrary account. Rotating the instance's secret ends
/// every session and grant opened under the old one (the stamp).
/// </summary>
public sealed class PanelTokens(IDataProtectionProvider provider)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly ITimeLimitedDataProtector _session = provider.CreateProtector("KnowledgeBase.Psa.Panel.Session.v1").ToTimeLimitedDataProtector();
    private readonly ITimeLimitedDataProtector _connect = provider.CreateProtector("KnowledgeBase.Psa.Panel.Connect.v1").ToTimeLimitedDataProtector();
    private readonly ITimeLimitedDataProtector _grant = provider.CreateProtector("KnowledgeBase.Psa.Panel.Grant.v1").ToTimeLimitedDataProtector();

    public static readonly TimeSpan ConnectLifetime = TimeSpan.FromMinutes(2);

    public string Seal(PanelSession session, TimeSpan lifetime) => _session.Protect(JsonSerializer.Serialize(session, Json), lifetime);

    public string Seal(PanelConnect connect) => _connect.Protect(JsonSerializer.Serialize(connect, Json), ConnectLifetime);

    public string Seal(PanelGrant grant, TimeSpan lifetime, out DateTimeOffset expires)
    {
        expires = DateTimeOffset.UtcNow + lifetime;
        return _grant.Protect(JsonSerializer.Serialize(grant, Json), expires);
    }

    /// <summary>The session, or null when the token is missing, altered, expired or not this site's.</summary>
    public PanelSession? OpenSession(string? token) => Open<PanelSession>(_session, token);

    public PanelConnect? OpenConnect(string? token) => Open<PanelConnect>(_connect, token);

    public PanelGrant? OpenGrant(string? token) => Open<PanelGrant>(_grant, token);

    private static T? Open<T>(ITimeLimitedDataProtector protector, string? token) where T : class
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 4000) return null;
        try
        {
            return JsonSerializer.Deserialize<T>(protector.Unprotect(token, out _), Json);
        }
        catch (Exception ex) when (ex is CryptographicException or JsonException or FormatException)
        {
            return null;
        }
    }
}
