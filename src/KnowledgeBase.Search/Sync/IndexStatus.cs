namespace KnowledgeBase.Search.Sync;

public enum IndexState
{
    /// <summary>No usable index yet (first start, deleted or corrupt folder): search is unavailable until the rebuild ends.</summary>
    Unavailable,
    /// <summary>Serving and following the change log.</summary>
    Ready,
    /// <summary>A rebuild runs aside; the previous index (if any) keeps serving.</summary>
    Rebuilding,
}

/// <summary>What the admin page and /health show about this node's index.</summary>
public sealed record IndexStatus(IndexState State, int Documents, long Cursor, long LatestSequence, int RebuildDone, int RebuildTotal, string? Reason, DateTime? LastSyncAt)
{
    /// <summary>Changes committed to the database that this node's index has not applied yet.</summary>
    public long Lag => Math.Max(0, LatestSequence - Cursor);
}
