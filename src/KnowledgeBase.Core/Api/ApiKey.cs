using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Lifecycle;

namespace KnowledgeBase.Core.Api;

/// <summary>
/// A named, scoped API key of a PSA integration. Only the SHA-256 of the secret is stored; <see cref="KeyId"/> is the
/// public part of the key (<c>kb_live_{KeyId}_{secret}</c>) used to find the row.
/// </summary>
public sealed class ApiKey
{
    public const int MaxNameLength = 100;

    public long Id { get; init; }
    public required string Name { get; init; }
    public required string KeyId { get; init; }
    /// <summary>Lower-case hex SHA-256 of the whole key string.</summary>
    public required string SecretHash { get; init; }
    /// <summary>Comma-separated <see cref="ApiScopes"/>.</summary>
    public required string Scopes { get; init; }
    public Audience Audience { get; init; }
    /// <summary>The client a Customer-audience key reads for (its global customer articles and its client's); null: global only.</summary>
    public string? Client { get; set; }
    public DateTime CreatedAt { get; init; }
    public required string CreatedBy { get; init; }
    public DateTime? LastUsedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
    public string? RevokedBy { get; set; }

    public bool IsRevoked => RevokedAt is not null;

    public IReadOnlyList<string> ScopeList => Scopes.Split(',', StringSplitOptions.RemoveEmptyEntries);

    public bool HasScope(string scope) => ScopeList.Contains(scope);

    /// <summary>The actor a key acts as, with the KCS role its scopes map to (<see cref="ApiScopes.RoleFor"/>).</summary>
    public Actor Actor => new(Lifecycle.ActorNames.KeyPrefix + Name, ApiScopes.RoleFor(ScopeList));
}
