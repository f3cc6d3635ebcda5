using KnowledgeBase.Core.Access;
using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Lifecycle;

namespace KnowledgeBase.Core.Tests.Lifecycle;

public sealed class ProposalAccessTests
{
    private static ArticleFacts Article(KcsState state = KcsState.Validated, Audience audience = Audience.Internal) =>
        new(state, audience, "someone.else", KcsRole.Contributor);

    public static TheoryData<KcsRole, KcsState, Audience> Cases()
    {
        var data = new TheoryData<KcsRole, KcsState, Audience>();
        foreach (var role in Enum.GetValues<KcsRole>())
            foreach (var state in Enum.GetValues<KcsState>())
                foreach (var audience in Enum.GetValues<Audience>())
                    if (audience == Audience.Internal || state == KcsState.Validated) data.Add(role, state, audience);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Internal_users_decide_exactly_when_they_could_apply_the_edit_themselves(KcsRole role, KcsState state, Audience audience)
    {
        var actor = new Actor("decider", role);
        var couldEdit = ArticleLifecycle.DecideChange(actor, Article(state, audience), state, audience, contentChanged: true).IsAllowed;

        Assert.Equal(couldEdit, ProposalAccess.MayDecide(actor, Viewer.Internal(role), Article(state, audience)));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Customer_accounts_never_see_or_decide_proposals_whatever_their_role(KcsRole role, KcsState state, Audience audience)
    {
        Assert.False(ProposalAccess.MaySee(Viewer.Customer(role)));
        Assert.True(ProposalAccess.MaySee(Viewer.Internal(role)));
        var decision = ProposalAccess.Decide(new Actor("portal", role), Viewer.Customer(role), Article(state, audience));
        Assert.False(decision.IsAllowed);
        Assert.Contains("Customer", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_proposals_author_is_recognised_whatever_the_case_of_the_sign_in_name()
    {
        Assert.True(ProposalAccess.IsAuthor(new Actor("Cleo@Example.com", KcsRole.Candidate), "cleo@example.com"));
        Assert.False(ProposalAccess.IsAuthor(new Actor("", KcsRole.Candidate), ""));
        Assert.False(ProposalAccess.IsAuthor(null, "cleo@example.com"));
    }
}
