namespace KnowledgeBase.Search.Semantic;

/// <summary>An article waiting for its vectors: what is embedded is derived from its title, body and Issue section.</summary>
public sealed record PendingEmbedding(string ArticleId, int Version, string Title, string Body, string Issue = "");
