using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Lifecycle;

namespace KnowledgeBase.Core.Tests.Lifecycle;

/// <summary>
/// The expected lifecycle answers, written from docs/kcs.md (the roles matrix, "Customer requires Validated", the soft
/// guardrails) and the refinements listed in the remarks of <see cref="ArticleLifecycle"/>. It deliberately does not
/// call the code under test, not even <see cref="KcsPermissions"/>: the matrix is copied here column by column.
/// </summary>
internal static class KcsRulebook
{
    // The roles matrix of kcs.md, one row per line.
    public static bool MayCreateDrafts(KcsRole role) => true;
    public static bool MayEditAnyInternalArticleAndValidate(KcsRole role) => role is not KcsRole.Candidate;
    public static bool MayPublishToCustomers(KcsRole role) => role is KcsRole.Publisher or KcsRole.KnowledgeDomainExpert or KcsRole.Admin;
    public static bool MayReviewCandidates(KcsRole role) => role is KcsRole.Coach or KcsRole.KnowledgeDomainExpert or KcsRole.Admin;
    public static bool MayArchiveAndRestore(KcsRole role) => role is KcsRole.KnowledgeDomainExpert or KcsRole.Admin;
    public static bool MayAdminister(KcsRole role) => role is KcsRole.Admin;

    private static bool IsDraft(KcsState state) => state is KcsState.Wip or KcsState.NotValidated;

    public static LifecycleOutcome Create(KcsRole role, KcsState state, Audience audience)
    {
        if (audience == Audience.Customer && state != KcsState.Validated) return LifecycleOutcome.Forbid;
        var allowed = state switch
        {
            KcsState.Wip or KcsState.NotValidated => MayCreateDrafts(role),
            KcsState.Validated => MayEditAnyInternalArticleAndValidate(role),
            KcsState.Archived => MayArchiveAndRestore(role),
            _ => false,
        };
        if (audience == Audience.Customer) allowed &= MayPublishToCustomers(role);
        return allowed ? LifecycleOutcome.Apply : LifecycleOutcome.Forbid;
    }

    public static LifecycleOutcome Change(KcsRole role, LifecycleCase c)
    {
        // Only Validated articles may be Customer-facing; a move that would break this is refused, not fixed.
        if (c.TargetAudience == Audience.Customer && c.TargetState != KcsState.Validated) return LifecycleOutcome.Forbid;

        var moves = c.StateMoves || c.AudienceMoves;
        if (!moves && !c.ContentChanged) return LifecycleOutcome.Apply;

        // Archive, restore, and any change of an archived article: KDE and Admin only, never proposed.
        if (c.CurrentState == KcsState.Archived || c.TargetState == KcsState.Archived)
            return MayArchiveAndRestore(role) ? LifecycleOutcome.Apply : LifecycleOutcome.Forbid;

        // State and audience changes are applied or refused, never proposed.
        if (c.AudienceMoves && !MayPublishToCustomers(role)) return LifecycleOutcome.Forbid;
        if (c.StateMoves && !MayMoveState(role, c)) return LifecycleOutcome.Forbid;
        if (!c.ContentChanged) return LifecycleOutcome.Apply;

        if (MayEditDirectly(role, c)) return LifecycleOutcome.Apply;
        // Soft guardrail: an edit one may not apply becomes a proposed revision, unless it also moves state or audience.
        return moves ? LifecycleOutcome.Forbid : LifecycleOutcome.Propose;
    }

    private static bool MayMoveState(KcsRole role, LifecycleCase c)
    {
        if (c.CustomerFacing && !MayPublishToCustomers(role)) return false;
        if (c.TargetState == KcsState.Validated)
        {
            // A Candidate's content is validated by a Coach+ on their behalf, unless the validator rewrites it.
            var candidateContent = c.LastAuthor == KcsRole.Candidate && !c.ContentChanged;
            return MayEditAnyInternalArticleAndValidate(role) && (!candidateContent || MayReviewCandidates(role));
        }
        if (c.CurrentState == KcsState.Validated) return MayEditAnyInternalArticleAndValidate(role);
        // Between WIP and Not Validated: one's own draft, or anyone who may edit any internal article.
        return (c.Own && MayCreateDrafts(role)) || MayEditAnyInternalArticleAndValidate(role);
    }

    private static bool MayEditDirectly(KcsRole role, LifecycleCase c)
    {
        if (c.CustomerFacing) return MayPublishToCustomers(role);
        if (MayEditAnyInternalArticleAndValidate(role)) return true;
        return c.Own && MayCreateDrafts(role) && IsDraft(c.CurrentState) && IsDraft(c.TargetState);
    }

    /// <summary>Accepting a proposed revision: kcs.md's "for a Contributor+ to accept", with the Customer and Archived rows.</summary>
    public static LifecycleOutcome Proposal(KcsRole role, KcsState state, Audience audience)
    {
        if (audience == Audience.Customer && state != KcsState.Validated) return LifecycleOutcome.Forbid;
        var allowed = state == KcsState.Archived ? MayArchiveAndRestore(role)
            : audience == Audience.Customer ? MayPublishToCustomers(role)
            : MayEditAnyInternalArticleAndValidate(role);
        return allowed ? LifecycleOutcome.Apply : LifecycleOutcome.Forbid;
    }

    /// <summary>
    /// "Still accurate": kcs.md's stale-documentation section — Validated and Not Validated articles are reviewed, and
    /// "a Validated article linked as resolved by a Contributor+ who ticks 'still accurate' counts as reviewed".
    /// </summary>
    public static LifecycleOutcome Review(KcsRole role, KcsState state, Audience audience)
    {
        if (state is not (KcsState.Validated or KcsState.NotValidated)) return LifecycleOutcome.Forbid;
        return MayEditAnyInternalArticleAndValidate(role) ? LifecycleOutcome.Apply : LifecycleOutcome.Forbid;
    }

    /// <summary>Deleting: WIP "should become Not Validated/Validated or be deleted" — by its author; anything else by those who archive.</summary>
    public static LifecycleOutcome Delete(KcsRole role, KcsState state, bool own) =>
        MayArchiveAndRestore(role) || (own && state == KcsState.Wip && MayCreateDrafts(role))
            ? LifecycleOutcome.Apply
            : LifecycleOutcome.Forbid;
}
