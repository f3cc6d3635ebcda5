using KnowledgeBase.Core.Articles;

namespace KnowledgeBase.Data.Articles;

/// <summary>What happened to an edit: applied as a new version, or kept as a proposed revision for review.</summary>
public sealed record SaveOutcome(Article Article, ProposedRevision? Proposal, string Message)
{
    public bool Applied => Proposal is null;
}
