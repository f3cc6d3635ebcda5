using KnowledgeBase.Search.Semantic;

namespace KnowledgeBase.Search.Tests.Semantic;

public sealed class FusionWeightsTests
{
    private static readonly FusionWeights Weights = new();

    [Fact]
    public void Sentences_and_tickets_lean_more_on_meaning_than_a_few_words()
    {
        var few = Weights.For(new QueryShape(2, 0, 0, false));
        var sentence = Weights.For(new QueryShape(7, 0, 0, false));
        var ticket = Weights.For(new QueryShape(40, 0, 0, false));

        Assert.True(few < sentence && sentence < ticket, $"{few} < {sentence} < {ticket}");
        Assert.True(ticket > 0.5f);
    }

    [Fact]
    public void Codes_and_corrected_typos_lean_lexical()
    {
        var words = Weights.For(new QueryShape(4, 0, 0, false));

        Assert.True(Weights.For(new QueryShape(4, 2, 0, false)) < words);
        Assert.True(Weights.For(new QueryShape(4, 0, 1, false)) < words);
        Assert.Equal(0, Weights.For(new QueryShape(1, 1, 0, false)));
    }

    [Fact]
    public void Quoted_phrases_and_exclusions_are_matched_by_their_words_alone()
    {
        Assert.Equal(0, Weights.For(new QueryShape(5, 0, 0, true)));
        Assert.Equal(0, Weights.For(new QueryShape(0, 0, 0, false)));
    }
}
