using KnowledgeBase.Search.Semantic;

namespace KnowledgeBase.Search.Tests.Semantic;

/// <summary>The real model, loaded once from the NuGet package (no download): the few tests that need it.</summary>
public sealed class MiniLmEmbedderTests(MiniLmEmbedderTests.Model model) : IClassFixture<MiniLmEmbedderTests.Model>
{
    public sealed class Model : IDisposable
    {
        public MiniLmEmbedder Embedder { get; } = new();
        public void Dispose() => Embedder.Dispose();
    }

    [Fact]
    public void Vectors_are_unit_length_with_the_model_s_dimensions()
    {
        var vector = model.Embedder.Embed("Outlook keeps asking for my password");

        Assert.Equal(MiniLmEmbedder.ModelDimensions, vector.Length);
        Assert.InRange(MathF.Sqrt(vector.Sum(v => v * v)), 0.999f, 1.001f);
    }

    [Fact]
    public void A_paraphrase_is_far_closer_than_an_unrelated_problem()
    {
        var query = model.Embedder.Embed("Outlook asks for password again and again");
        var paraphrase = Cosine(query, model.Embedder.Embed("Outlook repeatedly prompts for credentials"));
        var unrelated = Cosine(query, model.Embedder.Embed("Print Spooler service stops when printing"));

        Assert.True(paraphrase > unrelated + 0.3f, $"paraphrase {paraphrase}, unrelated {unrelated}");
    }

    [Fact]
    public void Line_breaks_and_tabs_read_as_spaces_and_a_long_text_keeps_its_end_marker()
    {
        Assert.Equal(model.Embedder.Embed("outlook password prompt"), model.Embedder.Embed("outlook\npassword\tprompt"));

        var ids = model.Embedder.Tokenizer.Encode(string.Join(' ', Enumerable.Repeat("authentication", 400)), MiniLmEmbedder.DefaultMaxPieces);
        Assert.True(ids.Length <= MiniLmEmbedder.DefaultMaxPieces);
        Assert.Equal(model.Embedder.Tokenizer.SeparatorId, ids[^1]);
    }

    private static float Cosine(float[] a, float[] b) => a.Zip(b, (x, y) => x * y).Sum();
}
