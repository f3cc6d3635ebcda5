namespace KnowledgeBase.Core.Psa;

/// <summary>A single-use value (a panel link's nonce, a capture form's key) already spent; kept until it could no longer be valid anyway.</summary>
public sealed class PsaNonce
{
    public const int MaxLength = 64;

    public long Id { get; init; }
    public long InstanceId { get; init; }
    public required string Value { get; init; }
    public DateTime ExpiresAt { get; init; }
    /// <summary>What spending it produced, when a repeat should be answered with it (the article a capture created).</summary>
    public string? Result { get; set; }
}
