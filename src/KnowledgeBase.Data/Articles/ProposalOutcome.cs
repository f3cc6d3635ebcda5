using KnowledgeBase.Core.Articles;

namespace KnowledgeBase.Data.Articles;

/// <summary>A decided proposal and its article as it stands after the decision (the new version when accepted).</summary>
public sealed record ProposalOutcome(ProposedRevision Proposal, Article Article);
