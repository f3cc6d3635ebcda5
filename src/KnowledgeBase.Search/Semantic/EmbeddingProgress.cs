namespace KnowledgeBase.Search.Semantic;

/// <summary>The queue's state for one model, as /admin/search shows it.</summary>
/// <param name="Articles">Live articles.</param>
/// <param name="Embedded">Live articles whose current version has its vectors (both, when it has an Issue section).</param>
/// <param name="Searchable">Live articles whose current version has at least its whole text's vector: searches may fuse
/// meaning once every article has (an upgrade that adds symptom vectors keeps the step on while it fills them in).</param>
/// <param name="PerMinute">Vectors stored in the last minute, by any node.</param>
public sealed record EmbeddingProgress(int Articles, int Embedded, int PerMinute, int Failed, int Searchable)
{
    public int Waiting => Math.Max(0, Articles - Embedded);

    /// <summary>Estimated time to finish at the last minute's pace; null when idle or not moving.</summary>
    public TimeSpan? Eta => Waiting == 0 || PerMinute == 0 ? null : TimeSpan.FromMinutes(Waiting / (double)PerMinute);
}
