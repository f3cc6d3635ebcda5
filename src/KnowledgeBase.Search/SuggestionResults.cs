namespace KnowledgeBase.Search;

/// <summary>Articles that may answer a new ticket, and the category its best matches point to.</summary>
/// <param name="SuggestedCategory">The category with the most score among the best matches, or null when they agree on none.</param>
/// <param name="Categories">Every category seen among the best matches with its share of their score (0–1), best first.</param>
public sealed record SuggestionResults(IReadOnlyList<SearchHit> Hits, string? SuggestedCategory, IReadOnlyList<CategorySuggestion> Categories);
