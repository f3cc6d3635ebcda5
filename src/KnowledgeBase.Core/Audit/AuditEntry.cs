namespace KnowledgeBase.Core.Audit;

/// <summary>
/// One line of the audit trail: who did what to what, and when. Append-only. Made only by <see cref="Create"/>, which
/// cuts each text to its column's length (a longer text would fail the insert on PostgreSQL, and with it the change
/// it records); the database columns take their lengths from the constants here.
/// </summary>
public sealed class AuditEntry
{
    public const int MaxActorLength = 256;
    public const int MaxActionLength = 64;
    public const int MaxTargetLength = 256;
    public const int MaxDetailsLength = 4000;
    public const int MaxRemoteAddressLength = 64;

    private AuditEntry()
    {
    }

    public long Id { get; private init; }
    public DateTime OccurredAt { get; private init; }
    /// <summary>The user name, API key name (<c>key:NAME</c>) or <c>system</c>.</summary>
    public string Actor { get; private init; } = "";
    /// <summary>One of <see cref="AuditActions"/>.</summary>
    public string Action { get; private init; } = "";
    /// <summary>What was acted on: an article id, a user name, a key name…</summary>
    public string Target { get; private init; } = "";
    public string Details { get; private init; } = "";
    public string? RemoteAddress { get; private init; }

    /// <summary>The one way an audit row is made, by every writer (the article store, the ledger, settings, the site).</summary>
    public static AuditEntry Create(DateTime occurredAt, string actor, string action, string target, string details = "", string? remoteAddress = null) => new()
    {
        OccurredAt = occurredAt,
        Actor = Cut(actor, MaxActorLength),
        Action = Cut(action, MaxActionLength),
        Target = Cut(target, MaxTargetLength),
        Details = Cut(details, MaxDetailsLength),
        RemoteAddress = remoteAddress is null ? null : Cut(remoteAddress, MaxRemoteAddressLength),
    };

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..max];
}
