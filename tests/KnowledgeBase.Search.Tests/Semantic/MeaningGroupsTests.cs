using KnowledgeBase.Search.Semantic;

namespace KnowledgeBase.Search.Tests.Semantic;

public sealed class MeaningGroupsTests
{
    [Fact]
    public void Texts_about_the_same_problem_form_one_group_named_by_the_most_frequent()
    {
        var embedder = new ConceptEmbedder(["outlook", "mail"], ["password", "credentials"], ["vpn", "tunnel"], ["drops", "disconnects"]);
        string[] texts = ["outlook password", "mail credentials", "vpn drops", "tunnel disconnects", "outlook credentials"];
        double[] weights = [1, 5, 2, 1, 1];

        var groups = MeaningGroups.Group(texts.Select(t => embedder.Embed(t)).ToList(), weights);

        Assert.Equal(2, groups.Count);
        Assert.Equal([1, 0, 4], groups[0]);
        Assert.Equal([2, 3], groups[1]);
    }
}
