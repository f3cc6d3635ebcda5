namespace KnowledgeBase.Bench.Corpus;

/// <summary>One known-item query: the text typed and the id of the one article that answers it.</summary>
public sealed record BenchQuery(string Text, string ExpectedId);
