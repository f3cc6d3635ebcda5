using KnowledgeBase.Core.Articles;

namespace KnowledgeBase.Core.Lifecycle;

/// <summary>
/// The KCS lifecycle rules of docs/kcs.md in one place: which role may create, edit, move between states and
/// audiences, archive, restore and delete. Everything that changes an article asks here first.
/// </summary>
/// <remarks>
/// Refinements of kcs.md (ours):
/// <list type="bullet">
/// <item>A content edit its author may not apply directly (a Candidate editing a Validated article or someone else's
/// draft; anyone without the Publisher right — Candidate, Contributor, Coach — editing a Customer article) becomes a proposed revision instead of being refused.
/// State and audience changes are never proposed: they are applied or refused.</item>
/// <item>Content last written by a Candidate is validated only by a Coach, a Knowledge Domain Expert or an Admin
/// ("validate on their behalf"). A Contributor who edits it makes it their own content and may then validate it.</item>
/// <item>Archived articles are edited, restored or deleted only by those who may archive (KDE, Admin).</item>
/// <item>Only Validated articles may be Customer-facing; a move that would break this is refused, not silently fixed.</item>
/// </list>
/// </remarks>
public static class ArticleLifecycle
{
    public static LifecycleDecision DecideCreate(Actor actor, KcsState state, Audience audience)
    {
        if (audience == Audience.Customer && state != KcsState.Validated)
            return LifecycleDecision.Forbidden("Only Validated articles may have audience Customer.");
        if (!actor.Role.Has(KcsPermission.CreateDraft))
            return Missing(actor, "create articles");
        if (state == KcsState.Archived && !actor.Role.Has(KcsPermission.ManageDomain))
            return Missing(actor, "create archived articles");
        if (state == KcsState.Validated && !actor.Role.Has(KcsPermission.EditInternal))
            return Missing(actor, "create Validated articles");
        if (audience == Audience.Customer && !actor.Role.Has(KcsPermission.PublishToCustomer))
            return Missing(actor, "publish articles to customers");
        return LifecycleDecision.Allowed;
    }

    public static LifecycleDecision DecideChange(Actor actor, ArticleFacts current, KcsState targetState, Audience targetAudience, bool contentChanged)
    {
        if (targetAudience == Audience.Customer && targetState != KcsState.Validated)
            return LifecycleDecision.Forbidden(current.Audience == Audience.Customer
                ? $"Only Validated articles may have audience Customer: set the audience to Internal before moving it to {targetState.Display()}."
                : "Only Validated articles may have audience Customer.");

        var stateChanged = targetState != current.State;
        var audienceChanged = targetAudience != current.Audience;
        var role = actor.Role;
        var own = IsOwn(actor, current);

        // Archive and restore belong to the domain's experts, and so does any edit of an archived article.
        if ((current.State == KcsState.Archived || targetState == KcsState.Archived) && (stateChanged || contentChanged || audienceChanged)
            && !role.Has(KcsPermission.ManageDomain))
        {
            return current.State == KcsState.Archived
                ? Missing(actor, stateChanged ? "restore archived articles" : "edit archived articles")
                : Missing(actor, "archive articles");
        }

        if (audienceChanged && !role.Has(KcsPermission.PublishToCustomer))
            return Missing(actor, "change the audience of articles");

        var customerFacing = current.Audience == Audience.Customer || targetAudience == Audience.Customer;
        if (stateChanged)
        {
            if (customerFacing && !role.Has(KcsPermission.PublishToCustomer))
                return Missing(actor, "change the state of Customer articles");
            if (targetState == KcsState.Validated)
            {
                if (!role.Has(KcsPermission.EditInternal))
                    return Missing(actor, "set articles Validated");
                if (current.LastAuthorRole == KcsRole.Candidate && !contentChanged && !role.Has(KcsPermission.ReviewCandidates))
                    return Missing(actor, "validate a Candidate's article (a Coach reviews it)");
            }
            else if (current.State == KcsState.Validated)
            {
                if (!role.Has(KcsPermission.EditInternal))
                    return Missing(actor, "take articles out of Validated");
            }
            else if (current.State != KcsState.Archived && !(own && role.Has(KcsPermission.CreateDraft)) && !role.Has(KcsPermission.EditInternal))
            {
                return Missing(actor, "change the state of someone else's article");
            }
        }

        if (!contentChanged)
            return LifecycleDecision.Allowed;

        if (customerFacing && !role.Has(KcsPermission.PublishToCustomer))
            return ProposeOrForbid(stateChanged || audienceChanged, "Customer articles are edited by a Publisher, a Knowledge Domain Expert or an Admin");

        var mayEditDirectly = role.Has(KcsPermission.EditInternal)
            || (own && role.Has(KcsPermission.CreateDraft) && current.State is KcsState.Wip or KcsState.NotValidated && targetState is KcsState.Wip or KcsState.NotValidated);
        return mayEditDirectly
            ? LifecycleDecision.Allowed
            : ProposeOrForbid(stateChanged || audienceChanged, current.State == KcsState.Validated
                ? "a Candidate's edit of a Validated article is reviewed by a Contributor or above"
                : "edits of someone else's article are reviewed by a Contributor or above");
    }

    /// <summary>Accepting or rejecting a proposed revision: whoever could have applied the edit directly.</summary>
    public static LifecycleDecision DecideProposal(Actor actor, ArticleFacts current)
    {
        // Accepting someone's proposal is not editing one's own draft, whoever created the article.
        var decision = DecideChange(actor, current with { CreatedBy = "\0proposal" }, current.State, current.Audience, contentChanged: true);
        return decision.IsAllowed ? decision : Missing(actor, "accept or reject proposed revisions of this article");
    }

    /// <summary>Confirming an article is still accurate (a review): Contributor or above (kcs.md: "reuse is review").</summary>
    public static LifecycleDecision DecideReview(Actor actor, ArticleFacts current)
    {
        if (current.State is not (KcsState.Validated or KcsState.NotValidated))
            return LifecycleDecision.Forbidden($"Only Validated and Not Validated articles are reviewed; this one is {current.State.Display()}.");
        if (!actor.Role.Has(KcsPermission.EditInternal))
            return Missing(actor, "confirm articles as still accurate");
        return LifecycleDecision.Allowed;
    }

    /// <summary>Deleting: one's own WIP article (KCS: WIP should become an article or be deleted), or anything by a domain expert.</summary>
    public static LifecycleDecision DecideDelete(Actor actor, ArticleFacts current)
    {
        if (actor.Role.Has(KcsPermission.ManageDomain))
            return LifecycleDecision.Allowed;
        if (IsOwn(actor, current) && current.State == KcsState.Wip && actor.Role.Has(KcsPermission.CreateDraft))
            return LifecycleDecision.Allowed;
        return Missing(actor, current.State == KcsState.Wip ? "delete someone else's WIP article" : "delete articles that are not WIP");
    }

    private static bool IsOwn(Actor actor, ArticleFacts current) =>
        !string.IsNullOrWhiteSpace(actor.Name) && string.Equals(current.CreatedBy, actor.Name, StringComparison.OrdinalIgnoreCase);

    private static LifecycleDecision ProposeOrForbid(bool withStateOrAudienceChange, string why) =>
        withStateOrAudienceChange
            ? LifecycleDecision.Forbidden($"This edit cannot be applied directly ({why}), and a proposed revision cannot change state or audience.")
            : LifecycleDecision.Proposed($"Saved as a proposed revision: {why}.");

    private static LifecycleDecision Missing(Actor actor, string what) =>
        LifecycleDecision.Forbidden($"The {actor.Role.Display()} role may not {what}.");

    public static string Display(this KcsRole role) => role switch
    {
        KcsRole.KnowledgeDomainExpert => "Knowledge Domain Expert",
        _ => role.ToString(),
    };
}
