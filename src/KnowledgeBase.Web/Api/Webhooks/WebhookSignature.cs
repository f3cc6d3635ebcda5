using System.Security.Cryptography;
using System.Text;

namespace KnowledgeBase.Web.Api.Webhooks;

/// <summary>
/// Standard Webhooks signing: <c>webhook-signature: v1,{base64(HMAC-SHA256(key, "{id}.{timestamp}.{body}"))}</c> where
/// the key is the base64 part of the secret after <c>whsec_</c>.
/// </summary>
public static class WebhookSignature
{
    public const string SecretPrefix = "whsec_";

    public static string Sign(string secret, string id, long timestamp, string body)
    {
        var key = Convert.FromBase64String(secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret);
        var mac = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}"));
        return "v1," + Convert.ToBase64String(mac);
    }

    /// <summary>What a receiver does: recompute and compare in constant time with each signature of the header.</summary>
    public static bool Verify(string secret, string id, string timestamp, string body, string signatureHeader)
    {
        if (!long.TryParse(timestamp, out var ts)) return false;
        var expected = Encoding.ASCII.GetBytes(Sign(secret, id, ts, body));
        return signatureHeader.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Any(s => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(s), expected));
    }
}
