namespace KnowledgeBase.Search;

/// <param name="DidYouMean">The query with unknown words replaced by the closest known ones, when there were any.</param>
/// <param name="Message">Something the reader should know about how the query was read ("Unbalanced quote ignored").</param>
public sealed record SearchResults(IReadOnlyList<SearchHit> Hits, int TotalHits, string? DidYouMean, FacetCounts Facets, string? Message)
{
    public static SearchResults Empty(string? message) => new([], 0, null, FacetCounts.Empty, message);
}
