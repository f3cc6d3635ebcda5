namespace KnowledgeBase.Search;

public sealed record CategorySuggestion(string CategoryId, double Confidence);
