namespace KnowledgeBase.Core.Api;

/// <summary>
/// The first response to a POST sent with an <c>Idempotency-Key</c>, kept 24 hours per API key so a retry replays it.
/// While the first request runs the record is <see cref="Completed"/> = false and a concurrent duplicate gets 409.
/// </summary>
public sealed class IdempotencyRecord
{
    public const int MaxKeyLength = 200;

    public long Id { get; init; }
    public long ApiKeyId { get; init; }
    public required string Key { get; init; }
    /// <summary>SHA-256 of method, path and body: the same key with another request is a 422.</summary>
    public required string RequestHash { get; set; }
    public bool Completed { get; set; }
    public int StatusCode { get; set; }
    /// <summary>The headers that matter for a replay (Content-Type, Location, ETag), as "name: value" lines.</summary>
    public string Headers { get; set; } = "";
    public byte[] Body { get; set; } = [];
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
}
