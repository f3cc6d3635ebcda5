using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Owners;

namespace KnowledgeBase.Core.Tests.Owners;

public sealed class OwnerRuleTests
{
    [Fact]
    public void The_explicit_owner_wins_else_the_primary_categorys_owner_else_nobody()
    {
        Assert.Equal("user:a", AccountableOwner.Of("user:a", "team:1"));
        Assert.Equal("team:1", AccountableOwner.Of(null, "team:1"));
        Assert.Equal("team:1", AccountableOwner.Of("  ", "team:1"));
        Assert.Null(AccountableOwner.Of((string?)null, null));
        Assert.Null(AccountableOwner.Of("", " "));
    }

    [Fact]
    public void A_loaded_article_follows_its_primary_category_not_its_other_ones()
    {
        var article = new Article
        {
            Id = "kb-1", Title = "T", Body = "",
            Categories = [new ArticleCategory { ArticleId = "kb-1", CategoryId = "second", Position = 1 }, new ArticleCategory { ArticleId = "kb-1", CategoryId = "primary", Position = 0 }],
        };
        var owners = new Dictionary<string, string> { ["primary"] = "team:7", ["second"] = "user:b" };

        Assert.Equal("team:7", AccountableOwner.Of(article, owners));
        article.Owner = "user:c";
        Assert.Equal("user:c", AccountableOwner.Of(article, owners));
        Assert.Null(AccountableOwner.Of(new Article { Id = "kb-2", Title = "T", Body = "" }, owners));
    }

    [Theory]
    [InlineData("user:3f2a", OwnerKind.User, "3f2a")]
    [InlineData("team:12", OwnerKind.Team, "12")]
    [InlineData("priya.nair", OwnerKind.Unclaimed, "priya.nair")]
    [InlineData("team:x", OwnerKind.Unclaimed, "team:x")]
    [InlineData("user:", OwnerKind.Unclaimed, "user:")]
    public void A_stored_owner_reads_as_an_account_a_team_or_an_unclaimed_name_and_writes_back_the_same(string stored, OwnerKind kind, string key)
    {
        var owner = OwnerRef.Parse(stored)!.Value;
        Assert.Equal((kind, key, stored), (owner.Kind, owner.Key, owner.ToString()));
    }

    [Fact]
    public void No_owner_is_null_and_an_unclaimed_name_cannot_pass_for_an_account()
    {
        Assert.Null(OwnerRef.Parse(null));
        Assert.Null(OwnerRef.Parse("  "));
        Assert.Throws<ArgumentException>(() => OwnerRef.Unclaimed("user:abc"));
        Assert.Equal(12, OwnerRef.Team(12).TeamId);
        Assert.Equal("abc", OwnerRef.User("abc").UserId);
    }

    [Fact]
    public void A_scope_holds_its_owners_articles_its_domain_and_the_unowned_ones_only_when_it_triages()
    {
        var scope = new ReviewScope(["user:a", "team:1"], ["identity"], IncludesUnowned: false);

        Assert.True(scope.Holds("user:a", "email"));
        Assert.True(scope.Holds("team:1", null));
        Assert.True(scope.Holds("user:z", "identity"));
        Assert.False(scope.Holds("user:z", "email"));
        Assert.False(scope.Holds(null, null));
        Assert.True((scope with { IncludesUnowned = true }).Holds(null, null));
        Assert.True(ReviewScope.Unowned.Holds(null, "email"));
        Assert.True(new ReviewScope([], [], false).IsEmpty);
    }
}
