using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace KnowledgeBase.Data.Psa;

/// <summary>
/// Keeps PSA secrets (embed secrets, receiver secrets, REST credentials) encrypted at rest with the site's Data
/// Protection key ring — the keys the database already holds for every node, optionally encrypted with a certificate
/// (docs/api.md "Secrets at rest"). Unlike webhook secrets these columns are wide enough for Data Protection's own
/// payload, so it is used as is. A value needed back (to sign, to call a vendor) is decrypted when used and never shown
/// again after it was set.
/// </summary>
public sealed class PsaSecrets(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("KnowledgeBase.Psa.Secret.v1");

    public string Protect(string secret) => _protector.Protect(secret);

    /// <exception cref="CryptographicException">The key that encrypted it is no longer in the key ring, or the value was altered.</exception>
    public string Unprotect(string stored) => _protector.Unprotect(stored);

    /// <summary>A new random secret: 32 bytes, base64url, with a prefix saying what it is for.</summary>
    public static string NewSecret(string prefix) =>
        prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
