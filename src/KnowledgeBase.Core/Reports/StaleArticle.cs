using KnowledgeBase.Core.Articles;

namespace KnowledgeBase.Core.Reports;

/// <summary>A stale article: which rules hold and since when; <see cref="Since"/> is the earliest of them.</summary>
public sealed record StaleArticle(string ArticleId, string Title, KcsState State, string? Owner, string? PrimaryCategoryId, int Version,
    IReadOnlyList<StaleFinding> Findings)
{
    public DateTime Since => Findings.Min(f => f.Since);

    public bool Holds(StaleRule rule) => Findings.Any(f => f.Rule == rule);
}
