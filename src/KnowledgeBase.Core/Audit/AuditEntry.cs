namespace KnowledgeBase.Core.Audit;

/// <summary>One line of the audit trail: who did what to what, and when. Append-only.</summary>
public sealed class AuditEntry
{
    public long Id { get; init; }
    public required DateTime OccurredAt { get; init; }
    /// <summary>The user name, API key name (<c>key:NAME</c>) or <c>system</c>.</summary>
    public required string Actor { get; init; }
    /// <summary>One of <see cref="AuditActions"/>.</summary>
    public required string Action { get; init; }
    /// <summary>What was acted on: an article id, a user name, a key name…</summary>
    public string Target { get; init; } = "";
    public string Details { get; init; } = "";
    public string? RemoteAddress { get; init; }
}
