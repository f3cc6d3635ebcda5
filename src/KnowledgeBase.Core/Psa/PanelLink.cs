using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace KnowledgeBase.Core.Psa;

/// <summary>Why a panel link was refused (or that it was not).</summary>
public enum PanelLinkVerdict
{
    Valid = 0,
    Missing = 1,
    Malformed = 2,
    BadSignature = 3,
    Expired = 4,
    TooLong = 5,
}

/// <summary>
/// A ticket panel link signed by the PSA side (docs/psa.md "Embed tokens"):
/// <c>/psa/{slug}/panel/{ticket}?member=…&amp;exp=…&amp;nonce=…&amp;sig=…</c>, where <c>sig</c> is the lower-case hex
/// HMAC-SHA256, keyed with the instance's embed secret (its UTF-8 bytes), of
/// <c>kbpsa1\n{slug}\n{ticket}\n{member}\n{exp}\n{nonce}</c>. <c>exp</c> is Unix seconds at most
/// <see cref="MaxLifetime"/> ahead; the nonce (16–64 letters, digits, <c>-</c> or <c>_</c>) is spent on first use, so a
/// link works once.
/// </summary>
public static partial class PanelLink
{
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromMinutes(10);
    /// <summary>Clocks of the PSA side and this site may disagree by this much.</summary>
    public static readonly TimeSpan Skew = TimeSpan.FromSeconds(60);

    [GeneratedRegex("^[A-Za-z0-9_-]{16,64}$")]
    private static partial Regex NoncePattern();

    public static string Canonical(string slug, string ticketId, string member, long expires, string nonce) =>
        string.Join('\n', "kbpsa1", slug, ticketId, member, expires.ToString(CultureInfo.InvariantCulture), nonce);

    public static string Sign(string secret, string slug, string ticketId, string member, long expires, string nonce) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(Canonical(slug, ticketId, member, expires, nonce))));

    /// <summary>Checks a link's parts; <paramref name="expiresAt"/> is its expiry when it parsed.</summary>
    public static PanelLinkVerdict Check(string secret, string slug, string ticketId, string? member, string? exp, string? nonce, string? sig, DateTime now,
        out DateTime? expiresAt, out string? problem)
    {
        expiresAt = null;
        problem = null;
        var missing = new[] { ("member", member), ("exp", exp), ("nonce", nonce), ("sig", sig) }.Where(p => string.IsNullOrWhiteSpace(p.Item2)).Select(p => p.Item1).ToList();
        if (missing.Count > 0)
        {
            problem = "missing " + string.Join(", ", missing);
            return PanelLinkVerdict.Missing;
        }
        if (!long.TryParse(exp, NumberStyles.None, CultureInfo.InvariantCulture, out var expires) || expires > 253402300799)
        {
            problem = "exp is not a Unix time in seconds";
            return PanelLinkVerdict.Malformed;
        }
        if (!NoncePattern().IsMatch(nonce!))
        {
            problem = "nonce must be 16–64 letters, digits, - or _";
            return PanelLinkVerdict.Malformed;
        }
        if (member!.Length > PsaMemberMapping.MaxMemberLength || member.Any(char.IsControl))
        {
            problem = $"member must be at most {PsaMemberMapping.MaxMemberLength} characters without control characters";
            return PanelLinkVerdict.Malformed;
        }
        var expected = Encoding.ASCII.GetBytes(Sign(secret, slug, ticketId, member, expires, nonce!));
        if (!CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(sig!.Trim().ToLowerInvariant())))
            return PanelLinkVerdict.BadSignature;
        expiresAt = DateTime.UnixEpoch.AddSeconds(expires);
        if (expiresAt < now - Skew) return PanelLinkVerdict.Expired;
        if (expiresAt > now + MaxLifetime + Skew) return PanelLinkVerdict.TooLong;
        return PanelLinkVerdict.Valid;
    }
}
