namespace KnowledgeBase.Core.Articles;

/// <summary>
/// One row per article change, written in the same transaction as the change. <see cref="Sequence"/> grows with
/// insertion order but may become visible out of order under concurrent transactions, so readers re-scan a window.
/// </summary>
public sealed class ChangeLogEntry
{
    public long Sequence { get; init; }
    public required string ArticleId { get; init; }
    public required int Version { get; init; }
    public required ChangeType Type { get; init; }
    public required KcsState State { get; init; }
    public required Audience Audience { get; init; }
    /// <summary>The article's clients after the change (<see cref="ClientNames.Scope"/>; "": every client): who may hear of it.</summary>
    public string ClientScope { get; init; } = "";
    public required DateTime OccurredAt { get; init; }
    public string Actor { get; init; } = "";
}
