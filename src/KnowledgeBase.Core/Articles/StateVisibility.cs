namespace KnowledgeBase.Core.Articles;

/// <summary>
/// Which confidence states a reader may see, and which of them ordinary search shows when no state is asked for.
/// KCS v6: internal users find WIP and Not Validated articles by default (that is where duplicates are avoided);
/// Archived ones only when they ask; a Customer reader sees Validated Customer articles only.
/// </summary>
public static class StateVisibility
{
    private static readonly KcsState[] Every = [KcsState.Wip, KcsState.NotValidated, KcsState.Validated, KcsState.Archived];
    private static readonly KcsState[] InternalDefault = [KcsState.Wip, KcsState.NotValidated, KcsState.Validated];
    private static readonly KcsState[] ValidatedOnly = [KcsState.Validated];

    /// <summary>Every state the reader may see (and so may filter by), in lifecycle order.</summary>
    public static IReadOnlyList<KcsState> VisibleTo(Audience reader) => reader == Audience.Customer ? ValidatedOnly : Every;

    /// <summary>The states a search covers when the reader names none.</summary>
    public static IReadOnlyList<KcsState> SearchedByDefault(Audience reader) => reader == Audience.Customer ? ValidatedOnly : InternalDefault;

    /// <summary>The states a search covers: those asked for that the reader may see, or the default when none is asked for.</summary>
    public static IReadOnlyList<KcsState> Searched(Audience reader, IReadOnlyList<KcsState>? asked)
    {
        if (asked is not { Count: > 0 }) return SearchedByDefault(reader);
        var visible = VisibleTo(reader);
        return asked.Where(visible.Contains).Distinct().ToArray();
    }
}
