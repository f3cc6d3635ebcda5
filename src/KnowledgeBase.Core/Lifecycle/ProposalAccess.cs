using KnowledgeBase.Core.Access;
using KnowledgeBase.Core.Articles;

namespace KnowledgeBase.Core.Lifecycle;

/// <summary>
/// Who sees and who decides proposed revisions, in one place for the article page, the proposals list, the review queue
/// and the API (ours, from docs/kcs.md: "a Candidate's edit of a Validated article is saved as a proposed revision for
/// a Contributor+ to accept").
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Proposals are the workflow behind an article (unreviewed text, the names of colleagues, their notes):
/// <see cref="AccessPolicy.MaySeeWorkflow"/> — every internal account sees them, so a colleague about to make the same
/// fix finds it already proposed; customer-audience accounts never see anything of them, not even of customer articles.</item>
/// <item>Deciding (accept or reject) belongs to whoever could apply the edit directly:
/// <see cref="ArticleLifecycle.DecideProposal"/> on the permission table — a Contributor or above for internal articles,
/// a Publisher, a Knowledge Domain Expert or an Admin for Customer articles, a Knowledge Domain Expert or an Admin for
/// archived ones — and only as an internal account.</item>
/// <item>The author of a proposal always sees its outcome, including the reason of a rejection.</item>
/// </list>
/// </remarks>
public static class ProposalAccess
{
    /// <summary>Whether this account may see proposed revisions at all.</summary>
    public static bool MaySee(Viewer viewer) => viewer.MaySeeWorkflow();

    /// <summary>Accepting or rejecting a proposal of an article in this state: the lifecycle's answer, with its reason.</summary>
    public static LifecycleDecision Decide(Actor actor, Viewer viewer, ArticleFacts article) =>
        MaySee(viewer) ? ArticleLifecycle.DecideProposal(actor, article) : LifecycleDecision.Forbidden("Customer accounts do not review proposed revisions.");

    public static bool MayDecide(Actor? actor, Viewer viewer, ArticleFacts article) =>
        actor is not null && Decide(actor, viewer, article).IsAllowed;

    /// <summary>Whether <paramref name="actor"/> wrote the proposal (names compare as sign-in names do: ignoring case).</summary>
    public static bool IsAuthor(Actor? actor, ProposedRevision proposal) => IsAuthor(actor, proposal.Author);

    public static bool IsAuthor(Actor? actor, string author) =>
        actor is not null && !string.IsNullOrWhiteSpace(actor.Name) && string.Equals(author, actor.Name, StringComparison.OrdinalIgnoreCase);
}
