namespace KnowledgeBase.Search.Semantic;

/// <summary>One article's vectors as every node loads them (<paramref name="Symptoms"/> null when it has none).</summary>
public sealed record StoredVector(string ArticleId, DateTime EmbeddedAt, byte[] Vector, byte[]? Symptoms = null);
