using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;

namespace KnowledgeBase.Data.Api;

/// <summary>
/// Keeps webhook signing secrets encrypted at rest with the site's ASP.NET Core Data Protection key ring (the keys are
/// in the database, shared by every node, rotated by Data Protection). Signing needs the secret itself, so it is
/// encrypted, not hashed.
/// </summary>
/// <remarks>
/// <para><see cref="IDataProtector.Protect(byte[])"/> output (≥ 116 bytes for a 24-byte secret, 155 characters as text) does
/// not fit the 100-character <c>Secret</c> column, and widening it needs a migration. So the secret is sealed with
/// AES-256-GCM under a key derived (HKDF-SHA256) from the master key of the Data Protection key that is current when it
/// is stored: <c>dp1.</c> + base64url(key id ‖ nonce ‖ tag ‖ ciphertext), 95 characters. The key id picks the same Data
/// Protection key again after rotation. Data Protection itself picks the current key (a one-byte probe reveals its id
/// in the documented payload header).</para>
/// <para>A stored value without the <c>dp1.</c> prefix is a secret written in clear by an earlier version: it is still
/// read as is, and <see cref="WebhookStore.ProtectLegacySecretsAsync"/> encrypts such rows at start.</para>
/// </remarks>
public sealed class WebhookSecretProtector(IDataProtectionProvider provider, IKeyManager keyManager)
{
    public const string Prefix = "dp1.";
    private const string SecretPrefix = "whsec_";
    private const int SecretBytes = 24;
    private const uint MagicHeader = 0x09F0C9F0;
    private static readonly byte[] Purpose = Encoding.UTF8.GetBytes("KnowledgeBase.Webhooks.Secret.v1");

    private readonly ConcurrentDictionary<Guid, byte[]> _keys = new();

    public static bool IsProtected(string stored) => stored.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>The stored form of a <c>whsec_</c> secret of 24 bytes (the only kind <see cref="WebhookStore"/> makes).</summary>
    public string Protect(string secret)
    {
        var raw = Decode(secret) ?? throw new ArgumentException($"A webhook secret is '{SecretPrefix}' and {SecretBytes} bytes in base64.", nameof(secret));
        var keyId = CurrentKeyId();
        var sealedSecret = new byte[16 + 12 + 16 + SecretBytes];
        keyId.TryWriteBytes(sealedSecret.AsSpan(0, 16));
        var nonce = sealedSecret.AsSpan(16, 12);
        RandomNumberGenerator.Fill(nonce);
        using (var aes = new AesGcm(KeyFor(keyId), 16))
            aes.Encrypt(nonce, raw, sealedSecret.AsSpan(44, SecretBytes), sealedSecret.AsSpan(28, 16), Purpose);
        return Prefix + Base64Url(sealedSecret);
    }

    /// <summary>The secret for signing: decrypted, or as is when it was stored in clear by an earlier version.</summary>
    /// <exception cref="CryptographicException">The Data Protection key is gone from the key ring, or the value was altered.</exception>
    public string Unprotect(string stored)
    {
        if (!IsProtected(stored)) return stored;
        byte[] sealedSecret;
        try
        {
            sealedSecret = Convert.FromBase64String(FromBase64Url(stored[Prefix.Length..]));
        }
        catch (FormatException ex)
        {
            throw new CryptographicException("The stored webhook secret is not valid.", ex);
        }
        if (sealedSecret.Length != 16 + 12 + 16 + SecretBytes) throw new CryptographicException("The stored webhook secret is not valid.");
        var keyId = new Guid(sealedSecret.AsSpan(0, 16));
        var raw = new byte[SecretBytes];
        using (var aes = new AesGcm(KeyFor(keyId), 16))
            aes.Decrypt(sealedSecret.AsSpan(16, 12), sealedSecret.AsSpan(44, SecretBytes), sealedSecret.AsSpan(28, 16), raw, Purpose);
        return SecretPrefix + Convert.ToBase64String(raw);
    }

    /// <summary>The raw bytes of a <c>whsec_</c> secret of the expected size, or null.</summary>
    public static byte[]? Decode(string secret)
    {
        if (!secret.StartsWith(SecretPrefix, StringComparison.Ordinal)) return null;
        var buffer = new byte[SecretBytes + 3];
        return Convert.TryFromBase64String(secret[SecretPrefix.Length..], buffer, out var written) && written == SecretBytes ? buffer[..SecretBytes] : null;
    }

    /// <summary>The key Data Protection protects with now (creating one on a new key ring), read from a probe's payload header.</summary>
    private Guid CurrentKeyId()
    {
        var probe = provider.CreateProtector("KnowledgeBase.Webhooks.KeyProbe").Protect([0]);
        if (probe.Length < 20 || BinaryPrimitives.ReadUInt32BigEndian(probe) != MagicHeader)
            throw new CryptographicException("Unexpected Data Protection payload format.");
        return new Guid(probe.AsSpan(4, 16));
    }

    private byte[] KeyFor(Guid keyId) => _keys.GetOrAdd(keyId, id =>
    {
        var key = keyManager.GetAllKeys().FirstOrDefault(k => k.KeyId == id)
            ?? throw new CryptographicException($"The Data Protection key {id} that encrypts this webhook secret is not in the key ring.");
        // The descriptor's XML is what Data Protection persists (and hands to key escrow); its masterKey is the key material.
        var element = key.Descriptor.ExportToXml().SerializedDescriptorElement;
        var value = element.Descendants().FirstOrDefault(e => e.Name.LocalName == "masterKey")?.Elements().FirstOrDefault(e => e.Name.LocalName == "value")?.Value
            ?? throw new CryptographicException($"The Data Protection key {id} has no master key this version can read.");
        var master = Convert.FromBase64String(value);
        try
        {
            return HKDF.DeriveKey(HashAlgorithmName.SHA256, master, 32, id.ToByteArray(), Purpose);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(master);
        }
    });

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string FromBase64Url(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        return s.PadRight(s.Length + (4 - s.Length % 4) % 4, '=');
    }
}
