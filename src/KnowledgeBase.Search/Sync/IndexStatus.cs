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

/// <summary>What the admin page, /health and the search pages show about this node's index.</summary>
/// <param name="PendingArticles">Articles whose latest change the index has not applied yet (not searchable, or
/// searchable as they were), as last measured.</param>
public sealed record IndexStatus(IndexState State, int Documents, long Cursor, long LatestSequence, int RebuildDone, int RebuildTotal, string? Reason, DateTime? LastSyncAt,
    int PendingArticles = 0)
{
    /// <summary>Changes committed to the database that this node's index has not applied yet.</summary>
    public long Lag => Math.Max(0, LatestSequence - Cursor);

    /// <summary>
    /// Serving, but more than <paramref name="maxLag"/> changes behind the database: searches miss recent articles, so
    /// /health says Degraded and the search pages say search is catching up.
    /// </summary>
    public bool IsBehind(long maxLag) => State == IndexState.Ready && Lag > maxLag;
}
