using KnowledgeBase.Core.Articles;

namespace KnowledgeBase.Core.Tests.Articles;

public sealed class ProposalMergeTests
{
    private static readonly ArticleContent Base = new("Outlook prompts for a password — Microsoft 365",
        "## Issue\nPrompts.\n\n## Resolution\n1. Clear credentials\n", ["email-outlook", "identity"], ["outlook", "mfa"]);

    [Fact]
    public void When_the_article_has_not_moved_on_the_result_is_the_proposal_as_written()
    {
        var proposed = Base with { Body = "## Issue\r\nPrompts.\r\n\r\n## Resolution\r\n1. Clear credentials\r\n2. Sign in\r\n", Tags = ["outlook"] };

        var merge = ProposalMerge.Of(Base, Base, proposed);

        Assert.False(merge.CurrentChangedSinceBase);
        Assert.Same(proposed, merge.Merged);
    }

    [Fact]
    public void A_title_changed_on_both_sides_differently_conflicts_and_only_replace_resolves_it()
    {
        var current = Base with { Title = "Outlook asks for the password again — Microsoft 365" };
        var proposed = Base with { Title = "Outlook password prompt loop — Microsoft 365" };

        var merge = ProposalMerge.Of(Base, current, proposed);

        Assert.True(merge.TitleConflicts);
        Assert.Null(merge.Merged);
        Assert.Null(merge.Result(ProposalAcceptMode.Merge));
        Assert.Equal(proposed.Title, merge.Result(ProposalAcceptMode.Replace)!.Title);
    }

    [Fact]
    public void A_title_changed_on_one_side_only_takes_that_change()
    {
        var current = Base with { Body = Base.Body + "2. Sign in\n" };
        var proposed = Base with { Title = "Outlook password prompt loop — Microsoft 365" };

        var merged = ProposalMerge.Of(Base, current, proposed).Merged!;

        Assert.Equal(proposed.Title, merged.Title);
        Assert.Equal(current.Body, merged.Body);
    }

    [Fact]
    public void Category_and_tag_changes_of_both_sides_are_combined_keeping_the_current_primary()
    {
        var current = Base with { Categories = ["identity", "email-outlook"], Tags = ["outlook", "mfa", "modern-auth"] };
        var proposed = Base with { Categories = ["email-outlook"], Tags = ["outlook", "mfa", "password"] };

        var merge = ProposalMerge.Of(Base, current, proposed);

        Assert.Equal(["email-outlook"], merge.Categories);
        Assert.Equal(["outlook", "mfa", "modern-auth", "password"], merge.Tags);
        Assert.Equal(merge.Tags, merge.Result(ProposalAcceptMode.Replace)!.Tags);
    }

    [Fact]
    public void Replacing_keeps_the_proposals_text_but_never_undoes_someone_elses_category_change()
    {
        var current = Base with { Body = "## Issue\nPrompts again.\n", Categories = ["email-outlook", "identity", "email"] };
        var proposed = Base with { Body = "## Issue\nPrompts for the password.\n" };

        var replaced = ProposalMerge.Of(Base, current, proposed).Result(ProposalAcceptMode.Replace)!;

        Assert.Equal(proposed.Body, replaced.Body);
        Assert.Equal(current.Categories, replaced.Categories);
    }

    [Fact]
    public void A_clean_merge_keeps_the_final_line_break()
    {
        var current = Base with { Body = "## Issue\nPrompts again and again.\n\n## Resolution\n1. Clear credentials\n" };
        var proposed = Base with { Body = Base.Body + "2. Sign in\n" };

        Assert.Equal("## Issue\nPrompts again and again.\n\n## Resolution\n1. Clear credentials\n2. Sign in\n", ProposalMerge.Of(Base, current, proposed).Merged!.Body);
    }
}
