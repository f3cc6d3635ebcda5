using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using KnowledgeBase.Core.Api;
using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Audit;
using Microsoft.EntityFrameworkCore;

namespace KnowledgeBase.Data.Api;

/// <summary>
/// Creates, finds, lists and revokes API keys. A key is <c>kb_live_{keyId}_{secret}</c> (12 + 43 random characters);
/// only its SHA-256 is stored and it is compared in constant time. Validated keys are cached for a few seconds so a
/// request costs no database round trip; revoking on this node drops the cache at once (other nodes within
/// <see cref="CacheTime"/>). Last use is written at most once a minute per key.
/// </summary>
public sealed class ApiKeyStore(IDbContextFactory<KnowledgeBaseDbContext> contextFactory, TimeProvider clock)
{
    public const string Prefix = "kb_live_";
    public static readonly TimeSpan CacheTime = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);
    private const string Alphabet = "abcdefghijkmnpqrstuvwxyz23456789";

    private readonly ConcurrentDictionary<string, (ApiKey? Key, DateTime CachedAt)> _cache = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<long, DateTime> _lastUsedWritten = new();

    /// <summary>Creates a key; the returned secret is the only time the key exists in clear.</summary>
    public Task<(ApiKey Key, string Secret)> CreateAsync(string name, IReadOnlyList<string> scopes, Audience audience, string createdBy, CancellationToken cancellationToken = default) =>
        CreateAsync(name, scopes, audience, client: null, createdBy, cancellationToken);

    /// <summary>
    /// Creates a key; a Customer-audience key may be bound to <paramref name="client"/> (it reads global customer articles
    /// and that client's; none: global ones only). A client for an internal key is refused: internal keys read every client's.
    /// </summary>
    public async Task<(ApiKey Key, string Secret)> CreateAsync(string name, IReadOnlyList<string> scopes, Audience audience, string? client, string createdBy, CancellationToken cancellationToken = default)
    {
        name = (name ?? "").Trim();
        var errors = new Dictionary<string, string>();
        if (name.Length == 0) errors["name"] = "The name is required.";
        else if (name.Length > ApiKey.MaxNameLength) errors["name"] = $"The name must be at most {ApiKey.MaxNameLength} characters.";
        else if (name.Any(c => char.IsControl(c) || char.IsWhiteSpace(c))) errors["name"] = "The name must not contain spaces or control characters.";
        if (scopes.Count == 0) errors["scopes"] = "At least one scope: " + string.Join(", ", ApiScopes.All) + ".";
        else if (scopes.FirstOrDefault(s => !ApiScopes.All.Contains(s)) is { } unknown) errors["scopes"] = $"Unknown scope '{unknown}'.";
        if (!Enum.IsDefined(audience)) errors["audience"] = "The audience must be internal or customer.";
        client = ClientOf(audience, client, errors);
        if (errors.Count > 0) throw new ApiValidationException(errors);

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (await db.ApiKeys.AnyAsync(k => k.Name == name, cancellationToken))
            throw new ApiValidationException(new Dictionary<string, string> { ["name"] = $"A key named '{name}' already exists (revoked keys keep their name)." });
        var keyId = RandomString(12);
        var secret = $"{Prefix}{keyId}_{Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_')}";
        var now = clock.GetUtcNow().UtcDateTime;
        var key = new ApiKey
        {
            Name = name, KeyId = keyId, SecretHash = Hash(secret), Scopes = string.Join(',', scopes.Distinct()), Audience = audience, Client = client,
            CreatedAt = now, CreatedBy = createdBy,
        };
        db.ApiKeys.Add(key);
        db.AuditTrail.Add(AuditEntry.Create(now, createdBy, AuditActions.ApiKeyCreated, name, $"{key.Scopes}; audience {audience}" + (client is null ? "" : $"; client {client}")));
        await db.SaveChangesAsync(cancellationToken);
        return (key, secret);
    }

    /// <summary>One page of keys (active first, then by name) and how many there are.</summary>
    public async Task<(IReadOnlyList<ApiKey> Keys, int Total)> PageAsync(int offset, int limit, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var total = await db.ApiKeys.CountAsync(cancellationToken);
        var keys = await db.ApiKeys.AsNoTracking().OrderBy(k => k.RevokedAt != null).ThenBy(k => k.Name).ThenBy(k => k.Id)
            .Skip(offset).Take(limit).ToListAsync(cancellationToken);
        return (keys, total);
    }

    public async Task<IReadOnlyList<ApiKey>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.ApiKeys.AsNoTracking().OrderBy(k => k.RevokedAt != null).ThenBy(k => k.Name).ToListAsync(cancellationToken);
    }

    /// <summary>Revokes the key of that name; false when there is no active key of that name.</summary>
    public async Task<bool> RevokeAsync(string name, string revokedBy, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Name == name && k.RevokedAt == null, cancellationToken);
        if (key is null) return false;
        var now = clock.GetUtcNow().UtcDateTime;
        key.RevokedAt = now;
        key.RevokedBy = revokedBy;
        db.AuditTrail.Add(AuditEntry.Create(now, revokedBy, AuditActions.ApiKeyRevoked, name, key.Scopes));
        await db.SaveChangesAsync(cancellationToken);
        _cache.TryRemove(key.KeyId, out _);
        return true;
    }

    /// <summary>
    /// Binds an active customer-audience key to another client, or to none (blank: global customer articles only), and the
    /// webhook subscriptions it made with it — without a new secret, so the integration keeps working. From the next
    /// request on this node (other nodes within <see cref="CacheTime"/>) it reads that client's articles; its feed and
    /// webhooks hear from then on as the new client. Its webhooks are sent, with the change, article.withdrawn for each
    /// article only the previous client could read and article.published for each only the new one can, as far as they
    /// listen for them; its feed lists neither (<see cref="ClientChange.Notice"/>).
    /// Null when there is no active key of that name.
    /// </summary>
    /// <param name="articleUrl">The site's link to an article (the withdrawals its webhooks are sent carry it).</param>
    public async Task<ClientChange?> SetClientAsync(string name, string? client, string changedBy, Func<string, string> articleUrl, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Name == name && k.RevokedAt == null, cancellationToken);
        if (key is null) return null;
        var errors = new Dictionary<string, string>();
        client = ClientOf(key.Audience, client, errors);
        if (errors.Count > 0) throw new ApiValidationException(errors);
        var change = new ClientChange(key.Client, client, ThroughKey: true);
        if (key.Client == client) return change;
        var now = clock.GetUtcNow().UtcDateTime;
        var subscriptions = await db.WebhookSubscriptions.Where(s => s.OwnerKeyId == key.Id && s.DeletedAt == null).ToListAsync(cancellationToken);
        change = await WebhookStore.QueueClientChangeEventsAsync(db, subscriptions, change, articleUrl, now, cancellationToken);
        db.AuditTrail.Add(AuditEntry.Create(now, changedBy, AuditActions.ApiKeyClientChanged, name,
            $"{key.Client ?? "no client"} → {client ?? "no client"}; {change.Withdrawn} withdrawn, {change.Published} published"));
        key.Client = client;
        foreach (var subscription in subscriptions) subscription.Client = ClientNames.KeyOrNull(client);
        await db.SaveChangesAsync(cancellationToken);
        _cache.TryRemove(key.KeyId, out _);
        return change;
    }

    /// <summary>The client a key of that audience is bound to (<see cref="ClientNames.Binding"/>), or an error under "client".</summary>
    private static string? ClientOf(Audience audience, string? client, Dictionary<string, string> errors)
    {
        client = ClientNames.Binding(audience, client, "Only a customer-audience key is bound to a client: an internal key reads every client's articles.", out var problem);
        if (problem is not null) errors["client"] = problem;
        return client;
    }

    /// <summary>Forgets the validated keys of this node at once (an account was disabled or enabled); other nodes within <see cref="CacheTime"/>.</summary>
    public void ForgetCachedKeys() => _cache.Clear();

    /// <summary>The active key the presented string is, or null. Never throws on malformed input.</summary>
    public async Task<ApiKey?> AuthenticateAsync(string presented, CancellationToken cancellationToken = default)
    {
        if (!TryKeyId(presented, out var keyId)) return null;
        var now = clock.GetUtcNow().UtcDateTime;
        ApiKey? key;
        if (_cache.TryGetValue(keyId, out var cached) && now - cached.CachedAt < CacheTime) key = cached.Key;
        else
        {
            await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
            // A key made by an account that is now disabled works only if the Admin chose so when disabling it.
            key = await db.ApiKeys.AsNoTracking()
                .Where(k => k.KeyId == keyId && k.RevokedAt == null
                            && !db.Users.Any(u => u.UserName == k.CreatedBy && u.DisabledAt != null && !u.ApiKeysKeptWhileDisabled))
                .FirstOrDefaultAsync(cancellationToken);
            _cache[keyId] = (key, now);
        }
        if (key is null) return null;
        var expected = Convert.FromHexString(key.SecretHash);
        var actual = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        if (!CryptographicOperations.FixedTimeEquals(expected, actual)) return null;
        await TouchAsync(key, now, cancellationToken);
        return key;
    }

    private async Task TouchAsync(ApiKey key, DateTime now, CancellationToken cancellationToken)
    {
        if (_lastUsedWritten.TryGetValue(key.Id, out var written) && now - written < LastUsedResolution) return;
        _lastUsedWritten[key.Id] = now;
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await db.ApiKeys.Where(k => k.Id == key.Id).ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), cancellationToken);
    }

    private static bool TryKeyId(string presented, out string keyId)
    {
        keyId = "";
        if (presented is not { Length: > 21 and < 200 } || !presented.StartsWith(Prefix, StringComparison.Ordinal)) return false;
        var rest = presented.AsSpan(Prefix.Length);
        var underscore = rest.IndexOf('_');
        if (underscore != 12) return false;
        keyId = rest[..underscore].ToString();
        return keyId.All(c => Alphabet.Contains(c));
    }

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string RandomString(int length)
    {
        var chars = new char[length];
        for (var i = 0; i < length; i++) chars[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        return new string(chars);
    }
}
