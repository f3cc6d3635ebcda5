using KnowledgeBase.Core.Lifecycle;

namespace KnowledgeBase.Data.Psa;

/// <summary>
/// Who acts in the panel: a knowledge-base account (mapped, or found by the member's e-mail), or the limited
/// technician <c>psa:{instance}:{member}</c> — a Candidate, so it searches, reads, links, flags and captures WIP,
/// and whatever it edits beyond that becomes a proposal.
/// </summary>
public sealed record PsaMember(Actor Actor, string Member, string DisplayName, bool IsAccount);
