namespace KnowledgeBase.Search;

/// <summary>How many of the current query's matches fall in each category, state, tag and owner, most first; states by their wire names (<see cref="Core.Articles.KcsNames"/>).</summary>
public sealed record FacetCounts(IReadOnlyList<FacetValue> Categories, IReadOnlyList<FacetValue> States, IReadOnlyList<FacetValue> Tags, IReadOnlyList<FacetValue> Owners)
{
    public static readonly FacetCounts Empty = new([], [], [], []);
}
