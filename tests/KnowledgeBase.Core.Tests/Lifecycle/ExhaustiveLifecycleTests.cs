using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Lifecycle;

namespace KnowledgeBase.Core.Tests.Lifecycle;

/// <summary>Every combination of role, state, audience and change, checked against <see cref="KcsRulebook"/>.</summary>
public class ExhaustiveLifecycleTests
{
    private static readonly KcsRole[] Roles = Enum.GetValues<KcsRole>();
    private static readonly KcsState[] States = Enum.GetValues<KcsState>();
    private static readonly Audience[] Audiences = Enum.GetValues<Audience>();
    private static readonly bool[] YesNo = [false, true];
    private static readonly KcsRole[] LastAuthors = [KcsRole.Candidate, KcsRole.Contributor];

    public static TheoryData<KcsRole, KcsState, Audience> CreateCases()
    {
        var data = new TheoryData<KcsRole, KcsState, Audience>();
        foreach (var role in Roles)
            foreach (var state in States)
                foreach (var audience in Audiences)
                    data.Add(role, state, audience);
        return data;
    }

    public static TheoryData<KcsRole, KcsState, Audience, KcsState, Audience, bool, bool, KcsRole> ChangeCases()
    {
        var data = new TheoryData<KcsRole, KcsState, Audience, KcsState, Audience, bool, bool, KcsRole>();
        foreach (var role in Roles)
            foreach (var state in States)
                foreach (var audience in Audiences)
                    foreach (var targetState in States)
                        foreach (var targetAudience in Audiences)
                            foreach (var contentChanged in YesNo)
                                foreach (var own in YesNo)
                                    foreach (var lastAuthor in LastAuthors)
                                        data.Add(role, state, audience, targetState, targetAudience, contentChanged, own, lastAuthor);
        return data;
    }

    /// <summary>The articles that can exist: Customer articles are Validated, archived ones Internal.</summary>
    public static TheoryData<KcsRole, KcsState, Audience> ExistingArticleCases()
    {
        var data = new TheoryData<KcsRole, KcsState, Audience>();
        foreach (var role in Roles)
            foreach (var state in States)
                foreach (var audience in Audiences)
                    if (audience == Audience.Internal || state == KcsState.Validated)
                        data.Add(role, state, audience);
        return data;
    }

    public static TheoryData<KcsRole, KcsState, Audience, bool> DeleteCases()
    {
        var data = new TheoryData<KcsRole, KcsState, Audience, bool>();
        foreach (var role in Roles)
            foreach (var state in States)
                foreach (var audience in Audiences)
                    if (audience == Audience.Internal || state == KcsState.Validated)
                        foreach (var own in YesNo)
                            data.Add(role, state, audience, own);
        return data;
    }

    [Theory]
    [MemberData(nameof(CreateCases))]
    public void Creating_an_article_is_decided_as_kcs_md_says(KcsRole role, KcsState state, Audience audience)
    {
        var decision = ArticleLifecycle.DecideCreate(new Actor(LifecycleCase.ActorName, role), state, audience);

        Assert.Equal(KcsRulebook.Create(role, state, audience), decision.Outcome);
        Assert.NotEqual(LifecycleOutcome.Propose, decision.Outcome);
    }

    [Theory]
    [MemberData(nameof(ChangeCases))]
    public void Changing_an_article_is_decided_as_kcs_md_says(
        KcsRole role, KcsState state, Audience audience, KcsState targetState, Audience targetAudience,
        bool contentChanged, bool own, KcsRole lastAuthor)
    {
        var change = new LifecycleCase(state, audience, targetState, targetAudience, contentChanged, own, lastAuthor);

        var decision = ArticleLifecycle.DecideChange(new Actor(LifecycleCase.ActorName, role), change.Facts, targetState, targetAudience, contentChanged);

        Assert.Equal(KcsRulebook.Change(role, change), decision.Outcome);
        Assert.Equal(decision.Outcome == LifecycleOutcome.Apply, decision.IsAllowed);
        if (decision.Outcome != LifecycleOutcome.Apply) Assert.False(string.IsNullOrWhiteSpace(decision.Reason));
    }

    [Theory]
    [MemberData(nameof(ExistingArticleCases))]
    public void Accepting_a_proposed_revision_is_decided_as_kcs_md_says(KcsRole role, KcsState state, Audience audience)
    {
        foreach (var own in YesNo)
        {
            var facts = new ArticleFacts(state, audience, own ? LifecycleCase.ActorName : "someone.else", KcsRole.Candidate);

            var decision = ArticleLifecycle.DecideProposal(new Actor(LifecycleCase.ActorName, role), facts);

            Assert.Equal(KcsRulebook.Proposal(role, state, audience), decision.Outcome);
        }
    }

    [Theory]
    [MemberData(nameof(ExistingArticleCases))]
    public void Confirming_an_article_as_still_accurate_is_decided_as_kcs_md_says(KcsRole role, KcsState state, Audience audience)
    {
        var facts = new ArticleFacts(state, audience, "someone.else", KcsRole.Contributor);

        var decision = ArticleLifecycle.DecideReview(new Actor(LifecycleCase.ActorName, role), facts);

        Assert.Equal(KcsRulebook.Review(role, state, audience), decision.Outcome);
    }

    [Theory]
    [MemberData(nameof(DeleteCases))]
    public void Deleting_an_article_is_decided_as_kcs_md_says(KcsRole role, KcsState state, Audience audience, bool own)
    {
        var facts = new ArticleFacts(state, audience, own ? LifecycleCase.ActorName : "someone.else", KcsRole.Contributor);

        var decision = ArticleLifecycle.DecideDelete(new Actor(LifecycleCase.ActorName, role), facts);

        Assert.Equal(KcsRulebook.Delete(role, state, own), decision.Outcome);
    }

    [Fact]
    public void The_generated_cases_cover_every_combination()
    {
        Assert.Equal(6 * 4 * 2, CreateCases().Count());
        Assert.Equal(6 * 4 * 2 * 4 * 2 * 2 * 2 * 2, ChangeCases().Count());
        Assert.Equal(6 * 5, ExistingArticleCases().Count());
        Assert.Equal(6 * 5 * 2, DeleteCases().Count());
    }
}
