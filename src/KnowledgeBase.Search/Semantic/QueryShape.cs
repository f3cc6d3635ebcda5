namespace KnowledgeBase.Search.Semantic;

/// <summary>What the fusion weight looks at in a query.</summary>
/// <param name="Words">Searchable words (codes and identifiers included), each once.</param>
/// <param name="Codes">Of those, error codes, numbers, hex values, file names and other identifiers.</param>
/// <param name="Unknown">Of those, words the index does not hold that the lexical engine corrected to close known words (typos).</param>
/// <param name="Exact">Quoted phrases or exclusions: the user asked for words, not meanings.</param>
/// <param name="ScoredWords">Words the lexical engine scores: all of them, or the most informative ones of a long text.</param>
public readonly record struct QueryShape(int Words, int Codes, int Unknown, bool Exact, int ScoredWords = 0);
