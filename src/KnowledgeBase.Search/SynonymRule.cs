namespace KnowledgeBase.Search;

/// <summary>One phrase and the phrases a query may use in its place.</summary>
public sealed record SynonymRule(string Phrase, IReadOnlyList<string> Alternatives);
