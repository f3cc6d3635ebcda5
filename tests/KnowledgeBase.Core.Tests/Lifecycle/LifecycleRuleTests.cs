using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Lifecycle;

namespace KnowledgeBase.Core.Tests.Lifecycle;

/// <summary>The rules people ask about, one named case each.</summary>
public class LifecycleRuleTests
{
    private static readonly Actor Candidate = new("cara.candidate", KcsRole.Candidate);
    private static readonly Actor Contributor = new("cody.contributor", KcsRole.Contributor);
    private static readonly Actor Publisher = new("pat.publisher", KcsRole.Publisher);
    private static readonly Actor Coach = new("coco.coach", KcsRole.Coach);
    private static readonly Actor Expert = new("kim.expert", KcsRole.KnowledgeDomainExpert);
    private static readonly Actor Admin = new("ada.admin", KcsRole.Admin);

    public static TheoryData<KcsRole> AllRoles() => new(Enum.GetValues<KcsRole>());

    private static ArticleFacts Article(KcsState state, Audience audience = Audience.Internal, string createdBy = "someone.else", KcsRole lastAuthor = KcsRole.Contributor) =>
        new(state, audience, createdBy, lastAuthor);

    private static LifecycleOutcome Change(Actor actor, ArticleFacts current, KcsState? state = null, Audience? audience = null, bool content = false) =>
        ArticleLifecycle.DecideChange(actor, current, state ?? current.State, audience ?? current.Audience, content).Outcome;

    [Theory]
    [InlineData(KcsState.Wip)]
    [InlineData(KcsState.NotValidated)]
    public void Candidate_may_create_a_draft(KcsState state)
    {
        Assert.Equal(LifecycleOutcome.Apply, ArticleLifecycle.DecideCreate(Candidate, state, Audience.Internal).Outcome);
    }

    [Fact]
    public void Candidate_may_not_create_a_validated_article()
    {
        var decision = ArticleLifecycle.DecideCreate(Candidate, KcsState.Validated, Audience.Internal);

        Assert.Equal(LifecycleOutcome.Forbid, decision.Outcome);
        Assert.Contains("Candidate", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Contributor_may_create_a_validated_internal_article()
    {
        Assert.Equal(LifecycleOutcome.Apply, ArticleLifecycle.DecideCreate(Contributor, KcsState.Validated, Audience.Internal).Outcome);
    }

    [Fact]
    public void Candidate_edit_of_a_validated_article_becomes_a_proposed_revision()
    {
        var decision = ArticleLifecycle.DecideChange(Candidate, Article(KcsState.Validated), KcsState.Validated, Audience.Internal, contentChanged: true);

        Assert.Equal(LifecycleOutcome.Propose, decision.Outcome);
        Assert.False(decision.IsAllowed);
    }

    [Fact]
    public void Candidate_edit_of_their_own_validated_article_also_becomes_a_proposed_revision()
    {
        Assert.Equal(LifecycleOutcome.Propose, Change(Candidate, Article(KcsState.Validated, createdBy: Candidate.Name), content: true));
    }

    [Fact]
    public void Candidate_may_edit_their_own_draft()
    {
        Assert.Equal(LifecycleOutcome.Apply, Change(Candidate, Article(KcsState.Wip, createdBy: Candidate.Name), content: true));
        Assert.Equal(LifecycleOutcome.Apply, Change(Candidate, Article(KcsState.NotValidated, createdBy: Candidate.Name), content: true));
    }

    [Fact]
    public void Candidate_may_move_their_own_draft_from_wip_to_not_validated()
    {
        Assert.Equal(LifecycleOutcome.Apply, Change(Candidate, Article(KcsState.Wip, createdBy: Candidate.Name), KcsState.NotValidated, content: true));
    }

    [Fact]
    public void Ownership_is_recognised_whatever_the_case_of_the_name()
    {
        Assert.Equal(LifecycleOutcome.Apply, Change(Candidate, Article(KcsState.Wip, createdBy: "CARA.Candidate"), content: true));
    }

    [Fact]
    public void Candidate_edit_of_someone_elses_draft_becomes_a_proposed_revision()
    {
        Assert.Equal(LifecycleOutcome.Propose, Change(Candidate, Article(KcsState.Wip), content: true));
    }

    [Fact]
    public void Candidate_may_not_move_someone_elses_draft()
    {
        Assert.Equal(LifecycleOutcome.Forbid, Change(Candidate, Article(KcsState.Wip), KcsState.NotValidated));
    }

    [Fact]
    public void Candidate_may_not_validate_even_their_own_article()
    {
        Assert.Equal(LifecycleOutcome.Forbid, Change(Candidate, Article(KcsState.NotValidated, createdBy: Candidate.Name, lastAuthor: KcsRole.Candidate), KcsState.Validated, content: true));
    }

    [Fact]
    public void Candidate_edit_that_also_changes_the_state_is_refused_not_proposed()
    {
        Assert.Equal(LifecycleOutcome.Forbid, Change(Candidate, Article(KcsState.Validated), KcsState.NotValidated, content: true));
    }

    [Fact]
    public void Contributor_may_validate_an_internal_article()
    {
        Assert.Equal(LifecycleOutcome.Apply, Change(Contributor, Article(KcsState.NotValidated), KcsState.Validated));
    }

    [Fact]
    public void Contributor_may_edit_any_internal_article()
    {
        Assert.Equal(LifecycleOutcome.Apply, Change(Contributor, Article(KcsState.Validated), content: true));
        Assert.Equal(LifecycleOutcome.Apply, Change(Contributor, Article(KcsState.Wip, createdBy: Candidate.Name, lastAuthor: KcsRole.Candidate), content: true));
    }

    [Fact]
    public void Contributor_may_take_an_article_out_of_validated()
    {
        Assert.Equal(LifecycleOutcome.Apply, Change(Contributor, Article(KcsState.Validated), KcsState.NotValidated));
    }

    [Theory]
    [InlineData(KcsRole.Candidate, LifecycleOutcome.Forbid)]
    [InlineData(KcsRole.Contributor, LifecycleOutcome.Forbid)]
    [InlineData(KcsRole.Publisher, LifecycleOutcome.Apply)]
    [InlineData(KcsRole.Coach, LifecycleOutcome.Forbid)]
    [InlineData(KcsRole.KnowledgeDomainExpert, LifecycleOutcome.Apply)]
    [InlineData(KcsRole.Admin, LifecycleOutcome.Apply)]
    public void Only_publisher_expert_and_admin_may_set_audience_customer(KcsRole role, LifecycleOutcome expected)
    {
        var actor = new Actor("someone", role);

        Assert.Equal(expected, Change(actor, Article(KcsState.Validated), audience: Audience.Customer));
        Assert.Equal(expected, ArticleLifecycle.DecideCreate(actor, KcsState.Validated, Audience.Customer).Outcome);
    }

    [Theory]
    [InlineData(KcsRole.Candidate, LifecycleOutcome.Propose)]
    [InlineData(KcsRole.Contributor, LifecycleOutcome.Propose)]
    [InlineData(KcsRole.Publisher, LifecycleOutcome.Apply)]
    [InlineData(KcsRole.Coach, LifecycleOutcome.Propose)]
    [InlineData(KcsRole.KnowledgeDomainExpert, LifecycleOutcome.Apply)]
    [InlineData(KcsRole.Admin, LifecycleOutcome.Apply)]
    public void Edits_of_customer_articles_below_publisher_become_proposed_revisions(KcsRole role, LifecycleOutcome expected)
    {
        Assert.Equal(expected, Change(new Actor("someone", role), Article(KcsState.Validated, Audience.Customer), content: true));
    }

    [Theory]
    [InlineData(KcsState.Wip)]
    [InlineData(KcsState.NotValidated)]
    [InlineData(KcsState.Archived)]
    public void Customer_audience_requires_validated_even_for_an_admin(KcsState state)
    {
        Assert.Equal(LifecycleOutcome.Forbid, ArticleLifecycle.DecideCreate(Admin, state, Audience.Customer).Outcome);
        Assert.Equal(LifecycleOutcome.Forbid, Change(Admin, Article(KcsState.Validated, Audience.Customer), state));
        Assert.Equal(LifecycleOutcome.Forbid, Change(Admin, Article(state), state, Audience.Customer));
    }

    [Fact]
    public void Moving_a_customer_article_out_of_validated_explains_that_the_audience_must_go_first()
    {
        var decision = ArticleLifecycle.DecideChange(Admin, Article(KcsState.Validated, Audience.Customer), KcsState.NotValidated, Audience.Customer, contentChanged: false);

        Assert.Equal(LifecycleOutcome.Forbid, decision.Outcome);
        Assert.Contains("Internal", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Publisher_may_unpublish_and_demote_a_customer_article_in_one_change()
    {
        Assert.Equal(LifecycleOutcome.Apply, Change(Publisher, Article(KcsState.Validated, Audience.Customer), KcsState.NotValidated, Audience.Internal));
    }

    [Theory]
    [InlineData(KcsRole.Candidate, LifecycleOutcome.Forbid)]
    [InlineData(KcsRole.Contributor, LifecycleOutcome.Forbid)]
    [InlineData(KcsRole.Publisher, LifecycleOutcome.Forbid)]
    [InlineData(KcsRole.Coach, LifecycleOutcome.Forbid)]
    [InlineData(KcsRole.KnowledgeDomainExpert, LifecycleOutcome.Apply)]
    [InlineData(KcsRole.Admin, LifecycleOutcome.Apply)]
    public void Only_expert_and_admin_archive_restore_and_edit_archived_articles(KcsRole role, LifecycleOutcome expected)
    {
        var actor = new Actor("someone", role);

        Assert.Equal(expected, Change(actor, Article(KcsState.Validated), KcsState.Archived));
        Assert.Equal(expected, Change(actor, Article(KcsState.Wip, createdBy: "someone"), KcsState.Archived));
        Assert.Equal(expected, Change(actor, Article(KcsState.Archived), KcsState.Validated));
        Assert.Equal(expected, Change(actor, Article(KcsState.Archived), KcsState.NotValidated));
        Assert.Equal(expected, Change(actor, Article(KcsState.Archived), content: true));
        Assert.Equal(expected, ArticleLifecycle.DecideCreate(actor, KcsState.Archived, Audience.Internal).Outcome);
    }

    [Fact]
    public void Candidate_authored_article_needs_a_coach_or_above_to_validate_it()
    {
        var candidateWork = Article(KcsState.NotValidated, createdBy: Candidate.Name, lastAuthor: KcsRole.Candidate);

        Assert.Equal(LifecycleOutcome.Forbid, Change(Contributor, candidateWork, KcsState.Validated));
        Assert.Equal(LifecycleOutcome.Forbid, Change(Publisher, candidateWork, KcsState.Validated));
        Assert.Equal(LifecycleOutcome.Apply, Change(Coach, candidateWork, KcsState.Validated));
        Assert.Equal(LifecycleOutcome.Apply, Change(Expert, candidateWork, KcsState.Validated));
        Assert.Equal(LifecycleOutcome.Apply, Change(Admin, candidateWork, KcsState.Validated));
    }

    [Fact]
    public void Contributor_who_edits_a_candidate_authored_article_may_validate_it()
    {
        var candidateWork = Article(KcsState.NotValidated, createdBy: Candidate.Name, lastAuthor: KcsRole.Candidate);

        Assert.Equal(LifecycleOutcome.Apply, Change(Contributor, candidateWork, KcsState.Validated, content: true));
    }

    [Fact]
    public void Contributor_may_validate_an_article_last_written_by_a_contributor_though_a_candidate_created_it()
    {
        Assert.Equal(LifecycleOutcome.Apply, Change(Contributor, Article(KcsState.NotValidated, createdBy: Candidate.Name, lastAuthor: KcsRole.Contributor), KcsState.Validated));
    }

    [Fact]
    public void Asking_for_no_change_at_all_is_allowed()
    {
        Assert.Equal(LifecycleOutcome.Apply, Change(Candidate, Article(KcsState.Archived)));
        Assert.Equal(LifecycleOutcome.Apply, Change(Candidate, Article(KcsState.Validated, Audience.Customer)));
    }

    [Theory]
    [InlineData(KcsRole.Candidate, LifecycleOutcome.Forbid, LifecycleOutcome.Forbid)]
    [InlineData(KcsRole.Contributor, LifecycleOutcome.Apply, LifecycleOutcome.Forbid)]
    [InlineData(KcsRole.Publisher, LifecycleOutcome.Apply, LifecycleOutcome.Apply)]
    [InlineData(KcsRole.Coach, LifecycleOutcome.Apply, LifecycleOutcome.Forbid)]
    [InlineData(KcsRole.KnowledgeDomainExpert, LifecycleOutcome.Apply, LifecycleOutcome.Apply)]
    [InlineData(KcsRole.Admin, LifecycleOutcome.Apply, LifecycleOutcome.Apply)]
    public void Proposed_revisions_are_accepted_by_whoever_could_apply_the_edit(KcsRole role, LifecycleOutcome internalArticle, LifecycleOutcome customerArticle)
    {
        var actor = new Actor("someone", role);

        Assert.Equal(internalArticle, ArticleLifecycle.DecideProposal(actor, Article(KcsState.Validated)).Outcome);
        Assert.Equal(internalArticle, ArticleLifecycle.DecideProposal(actor, Article(KcsState.NotValidated, lastAuthor: KcsRole.Candidate)).Outcome);
        Assert.Equal(customerArticle, ArticleLifecycle.DecideProposal(actor, Article(KcsState.Validated, Audience.Customer)).Outcome);
    }

    [Fact]
    public void Candidate_may_not_accept_proposals_on_their_own_draft()
    {
        // kcs.md: proposed revisions are for a Contributor+ to accept.
        Assert.Equal(LifecycleOutcome.Forbid, ArticleLifecycle.DecideProposal(Candidate, Article(KcsState.Wip, createdBy: Candidate.Name)).Outcome);
    }

    [Fact]
    public void Accepting_a_proposal_never_makes_the_acceptor_its_author_even_with_an_empty_name()
    {
        // DecideProposal blanks CreatedBy so that "own" cannot apply; an actor with an empty name then matches it.
        var nameless = new Actor("", KcsRole.Candidate);

        Assert.Equal(LifecycleOutcome.Forbid, ArticleLifecycle.DecideProposal(nameless, Article(KcsState.Wip)).Outcome);
    }

    [Theory]
    [MemberData(nameof(AllRoles))]
    public void Refusing_to_accept_a_proposal_says_so(KcsRole role)
    {
        var decision = ArticleLifecycle.DecideProposal(new Actor("someone", role), Article(KcsState.Archived));

        Assert.Equal(role is KcsRole.KnowledgeDomainExpert or KcsRole.Admin, decision.IsAllowed);
        if (!decision.IsAllowed) Assert.Contains("proposed revisions", decision.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(KcsRole.Candidate, LifecycleOutcome.Forbid)]
    [InlineData(KcsRole.Contributor, LifecycleOutcome.Apply)]
    [InlineData(KcsRole.Publisher, LifecycleOutcome.Apply)]
    [InlineData(KcsRole.Coach, LifecycleOutcome.Apply)]
    [InlineData(KcsRole.KnowledgeDomainExpert, LifecycleOutcome.Apply)]
    [InlineData(KcsRole.Admin, LifecycleOutcome.Apply)]
    public void Contributors_and_above_confirm_articles_as_still_accurate(KcsRole role, LifecycleOutcome expected)
    {
        var actor = new Actor("someone", role);

        Assert.Equal(expected, ArticleLifecycle.DecideReview(actor, Article(KcsState.Validated)).Outcome);
        Assert.Equal(expected, ArticleLifecycle.DecideReview(actor, Article(KcsState.NotValidated)).Outcome);
    }

    [Theory]
    [MemberData(nameof(AllRoles))]
    public void A_contributor_or_above_who_ticks_still_accurate_on_a_customer_article_reviews_it(KcsRole role)
    {
        // kcs.md, stale documentation: "A Validated article linked as resolved by a Contributor+ who ticks 'still
        // accurate' counts as reviewed" — with no exception for Customer articles.
        var decision = ArticleLifecycle.DecideReview(new Actor("someone", role), Article(KcsState.Validated, Audience.Customer));

        Assert.Equal(role != KcsRole.Candidate, decision.IsAllowed);
    }

    [Theory]
    [MemberData(nameof(AllRoles))]
    public void Wip_and_archived_articles_are_not_reviewed(KcsRole role)
    {
        var actor = new Actor("someone", role);

        Assert.Equal(LifecycleOutcome.Forbid, ArticleLifecycle.DecideReview(actor, Article(KcsState.Wip)).Outcome);
        Assert.Equal(LifecycleOutcome.Forbid, ArticleLifecycle.DecideReview(actor, Article(KcsState.Archived)).Outcome);
    }

    [Theory]
    [MemberData(nameof(AllRoles))]
    public void Everyone_may_delete_their_own_wip_article(KcsRole role)
    {
        var actor = new Actor("someone", role);

        Assert.Equal(LifecycleOutcome.Apply, ArticleLifecycle.DecideDelete(actor, Article(KcsState.Wip, createdBy: "someone")).Outcome);
    }

    [Theory]
    [InlineData(KcsRole.Candidate, LifecycleOutcome.Forbid)]
    [InlineData(KcsRole.Contributor, LifecycleOutcome.Forbid)]
    [InlineData(KcsRole.Publisher, LifecycleOutcome.Forbid)]
    [InlineData(KcsRole.Coach, LifecycleOutcome.Forbid)]
    [InlineData(KcsRole.KnowledgeDomainExpert, LifecycleOutcome.Apply)]
    [InlineData(KcsRole.Admin, LifecycleOutcome.Apply)]
    public void Only_expert_and_admin_delete_other_articles(KcsRole role, LifecycleOutcome expected)
    {
        var actor = new Actor("someone", role);

        Assert.Equal(expected, ArticleLifecycle.DecideDelete(actor, Article(KcsState.Wip)).Outcome);
        Assert.Equal(expected, ArticleLifecycle.DecideDelete(actor, Article(KcsState.NotValidated, createdBy: "someone")).Outcome);
        Assert.Equal(expected, ArticleLifecycle.DecideDelete(actor, Article(KcsState.Validated, Audience.Customer)).Outcome);
        Assert.Equal(expected, ArticleLifecycle.DecideDelete(actor, Article(KcsState.Archived, createdBy: "someone")).Outcome);
    }

    [Fact]
    public void Role_names_are_displayed_as_kcs_md_spells_them()
    {
        Assert.Equal("Knowledge Domain Expert", KcsRole.KnowledgeDomainExpert.Display());
        Assert.Equal("Coach", KcsRole.Coach.Display());
    }
}
