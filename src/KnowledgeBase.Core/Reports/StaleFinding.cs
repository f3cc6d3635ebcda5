namespace KnowledgeBase.Core.Reports;

/// <summary>One rule that holds for an article, and since when it has held.</summary>
public sealed record StaleFinding(StaleRule Rule, DateTime Since);
