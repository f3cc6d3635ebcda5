namespace KnowledgeBase.Core.Articles;

/// <summary>What happened to an article, as recorded in the change log (the outbox behind search sync, the change feed and webhooks).</summary>
public enum ChangeType
{
    Created = 0,
    Updated = 1,
    StateChanged = 2,
    Archived = 3,
    Deleted = 4,
    /// <summary>
    /// The article's accountable owner changed without a new version (its category was re-owned, or an unclaimed
    /// owner was assigned to an account or team): the search index re-reads it. Internal bookkeeping, not a webhook event.
    /// </summary>
    OwnerChanged = 5,
    /// <summary>
    /// The article's reuse count changed (a ticket link added or removed) without a new version: the search index
    /// re-reads it (the count ranks). Internal bookkeeping: neither a webhook event nor an entry of the API's change feed.
    /// </summary>
    ReuseChanged = 6,
}

public static class ChangeTypeNames
{
    public static string ToWire(this ChangeType type) => type switch
    {
        ChangeType.Created => "created",
        ChangeType.Updated => "updated",
        ChangeType.StateChanged => "state-changed",
        ChangeType.Archived => "archived",
        ChangeType.Deleted => "deleted",
        ChangeType.OwnerChanged => "owner-changed",
        ChangeType.ReuseChanged => "reuse-changed",
        _ => type.ToString().ToLowerInvariant(),
    };
}
