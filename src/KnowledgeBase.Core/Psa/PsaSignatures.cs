using System.Security.Cryptography;
using System.Text;

namespace KnowledgeBase.Core.Psa;

/// <summary>How each vendor authenticates the events it sends, checked in constant time.</summary>
public static class PsaSignatures
{
    /// <summary>Autotask: <c>X-Hook-Signature: sha1=</c> + base64(HMAC-SHA1(the webhook's SecretKey, the raw body)).</summary>
    public static bool AutotaskValid(string secretKey, ReadOnlySpan<byte> body, string? header) =>
        header is not null && Same(header.Trim(), Autotask(secretKey, body));

    public static string Autotask(string secretKey, ReadOnlySpan<byte> body) =>
        "sha1=" + Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(secretKey), body));

    /// <summary>ConnectWise: <c>x-content-signature</c> = base64(HMAC-SHA256(SHA-256(the signing key from Metadata.key_url), the raw body)).</summary>
    public static bool ConnectWiseValid(string signingKey, ReadOnlySpan<byte> body, string? header) =>
        header is not null && Same(header.Trim(), ConnectWise(signingKey, body));

    public static string ConnectWise(string signingKey, ReadOnlySpan<byte> body) =>
        Convert.ToBase64String(HMACSHA256.HashData(SHA256.HashData(Encoding.UTF8.GetBytes(signingKey)), body));

    /// <summary>HaloPSA: the webhook's Basic authentication, <c>Authorization: Basic base64(user:password)</c>.</summary>
    public static bool BasicValid(string userName, string password, string? authorization)
    {
        if (authorization is null || !authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)) return false;
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(authorization["Basic ".Length..].Trim()));
        }
        catch (FormatException)
        {
            return false;
        }
        // Both halves are compared, in constant time, whatever the first one says.
        var separator = decoded.IndexOf(':', StringComparison.Ordinal);
        var user = separator < 0 ? decoded : decoded[..separator];
        var pass = separator < 0 ? "" : decoded[(separator + 1)..];
        return Same(user, userName) & Same(pass, password) & separator >= 0;
    }

    public static string Basic(string userName, string password) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{userName}:{password}"));

    private static bool Same(string a, string b) => CryptographicOperations.FixedTimeEquals(
        SHA256.HashData(Encoding.UTF8.GetBytes(a)), SHA256.HashData(Encoding.UTF8.GetBytes(b)));
}
