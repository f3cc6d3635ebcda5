namespace KnowledgeBase.Search.Tests;

public class SynonymSetTests
{
    [Fact]
    public void Comments_and_blank_lines_are_ignored()
    {
        var set = SynonymSet.Parse("# identity\n\nad, active directory # the directory\n");
        Assert.Contains(set.Rules, r => r.Phrase == "ad" && r.Alternatives.SequenceEqual(["active directory"]));
        Assert.Contains(set.Rules, r => r.Phrase == "active directory" && r.Alternatives.SequenceEqual(["ad"]));
        Assert.Equal(2, set.Rules.Count);
    }

    [Fact]
    public void Arrow_rules_map_one_way()
    {
        var set = SynonymSet.Parse("2fa, two factor => mfa");
        Assert.Equal(2, set.Rules.Count);
        Assert.All(set.Rules, r => Assert.Equal(["mfa"], r.Alternatives));
    }

    [Fact]
    public void A_missing_file_is_an_empty_set()
    {
        Assert.Empty(SynonymSet.Load(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "synonyms.txt")).Rules);
    }
}
