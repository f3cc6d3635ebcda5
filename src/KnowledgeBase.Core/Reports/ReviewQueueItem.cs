using KnowledgeBase.Core.Articles;

namespace KnowledgeBase.Core.Reports;

/// <summary>
/// One article in an owner's review queue: why it is there (stale rules, open flags, open proposed revisions) and its
/// demand = links made in the last days + searches that opened or linked it in the last days. <see cref="Owner"/> is
/// its accountable owner (stored reference; null when unowned), which in a person's queue may be one of their teams.
/// </summary>
public sealed record ReviewQueueItem(string ArticleId, string Title, KcsState State, string? Owner, int Version,
    IReadOnlyList<StaleFinding> Findings, int OpenFlags, int OpenProposals, int RecentLinks, int RecentSearches, DateTime Since)
{
    public int Demand => RecentLinks + RecentSearches;
}
