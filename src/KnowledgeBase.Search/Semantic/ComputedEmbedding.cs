namespace KnowledgeBase.Search.Semantic;

/// <summary>
/// The vectors computed (or found again by their texts' hashes) for an article version: its whole text's and its
/// symptoms' (<paramref name="SymptomsHash"/> "" when the article has no Issue section). A vector is null when stored already.
/// </summary>
public sealed record ComputedEmbedding(string ArticleId, int Version, string ContentHash, byte[]? NewVector, string SymptomsHash = "", byte[]? NewSymptomsVector = null);
