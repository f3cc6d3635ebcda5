using KnowledgeBase.Search.Semantic;

namespace KnowledgeBase.Search.Tests.Semantic;

public sealed class VectorIndexTests
{
    [Fact]
    public void Nearest_ranks_by_cosine_like_the_float_vectors_do()
    {
        var random = new Random(7);
        var index = new VectorIndex(32);
        var vectors = new Dictionary<string, float[]>();
        for (var i = 0; i < 300; i++)
        {
            var v = Unit(Enumerable.Range(0, 32).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray());
            vectors[$"a{i}"] = v;
            index.Set($"a{i}", v);
        }
        var query = vectors["a42"];

        var nearest = index.Nearest(query, 10);
        var exact = vectors.OrderByDescending(kv => Dot(query, kv.Value)).Take(10).Select(kv => kv.Key).ToList();

        Assert.Equal("a42", nearest[0].Id);
        Assert.InRange(nearest[0].Similarity, 0.98f, 1.02f);
        Assert.True(nearest.Select(n => n.Id).Intersect(exact).Count() >= 9);
        Assert.All(nearest, n => Assert.InRange(n.Similarity - Dot(query, vectors[n.Id]), -0.02f, 0.02f));
    }

    [Fact]
    public void Above_the_exact_scan_limit_the_sign_bit_shortlist_keeps_the_nearest_articles_and_never_returns_a_removed_one()
    {
        // Articles about 20 topics (a topic's direction plus noise), as embeddings of real articles cluster.
        var random = new Random(11);
        const int dimensions = 384;
        var topics = Enumerable.Range(0, 20).Select(_ => RandomUnit(random, dimensions)).ToArray();
        var index = new VectorIndex(dimensions);
        var vectors = new Dictionary<string, float[]>();
        for (var i = 0; i < VectorIndex.ExactScanLimit + 4_000; i++)
        {
            var noise = RandomUnit(random, dimensions);
            var v = Unit(topics[i % topics.Length].Zip(noise, (t, n) => t + 0.8f * n).ToArray());
            vectors[$"a{i}"] = v;
            index.Set($"a{i}", v);
        }
        index.Remove("a7");
        vectors.Remove("a7");

        var kept = 0;
        for (var q = 0; q < 20; q++)
        {
            var query = Unit(topics[q].Zip(RandomUnit(random, dimensions), (t, n) => t + 0.8f * n).ToArray());
            var nearest = index.Nearest(query, 64).Select(n => n.Id).ToList();
            var exact = vectors.OrderByDescending(kv => Dot(query, kv.Value)).Take(64).Select(kv => kv.Key);
            kept += nearest.Intersect(exact).Count();
            Assert.DoesNotContain("a7", nearest);
        }

        Assert.InRange(kept / (20 * 64.0), 0.97, 1.0);
        Assert.Equal("a8", index.Nearest(vectors["a8"], 5)[0].Id);
    }

    private static float[] RandomUnit(Random random, int dimensions) =>
        Unit(Enumerable.Range(0, dimensions).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray());

    [Fact]
    public void A_removed_article_is_never_returned_and_its_slot_is_reused()
    {
        var index = new VectorIndex(4);
        index.Set("a", [1, 0, 0, 0]);
        index.Set("b", [0, 1, 0, 0]);
        index.Remove("a");
        index.Set("c", [0.9f, 0.1f, 0, 0]);

        Assert.Equal(["c", "b"], index.Nearest([1, 0, 0, 0], 5).Select(n => n.Id));
        Assert.Null(index.Similarity("a", [1, 0, 0, 0]));
        Assert.Equal(2, index.Count);
    }

    [Fact]
    public void Setting_an_article_again_replaces_its_vector()
    {
        var index = new VectorIndex(2);
        index.Set("a", [1, 0]);
        index.Set("a", [0, 1]);

        Assert.Single(index.Nearest([0, 1], 5));
        Assert.InRange(index.Similarity("a", [0, 1])!.Value, 0.99f, 1.01f);
    }

    [Fact]
    public void An_article_with_a_symptoms_vector_is_as_alike_as_the_nearer_of_its_two_and_is_listed_once()
    {
        var index = new VectorIndex(3);
        index.Set("a", [1, 0, 0], [0, 1, 0]);
        index.Set("b", [0.6f, 0.8f, 0]);

        Assert.InRange(index.Similarity("a", [0, 1, 0])!.Value, 0.99f, 1.01f);
        Assert.InRange(index.Similarity("a", [1, 0, 0])!.Value, 0.99f, 1.01f);
        Assert.Equal(["a", "b"], index.Nearest([0, 1, 0], 5).Select(n => n.Id));
        Assert.Equal(["a", "b"], index.Nearest([0.1f, 0.995f, 0], 2).Select(n => n.Id));
        Assert.Equal(1, index.WithSymptoms);

        // Set again without symptoms (the Issue section was removed): the second vector goes, its slot is reused.
        index.Set("a", [1, 0, 0]);
        Assert.InRange(index.Similarity("a", [0, 1, 0])!.Value, -0.01f, 0.01f);
        Assert.Equal(0, index.WithSymptoms);
        index.Set("c", [0, 0, 1], [0, 1, 0]);
        Assert.Equal(["c", "b", "a"], index.Nearest([0, 1, 0], 3).Select(n => n.Id));
        index.Remove("c");
        Assert.Equal(["b", "a"], index.Nearest([0, 1, 0], 3).Select(n => n.Id));
        Assert.Equal(0, index.WithSymptoms);
    }

    [Fact]
    public void The_int8_dot_product_equals_the_plain_sum_for_every_length()
    {
        var random = new Random(3);
        foreach (var length in new[] { 1, 15, 16, 17, 31, 32, 33, 64, 384, 385 })
        {
            var a = Enumerable.Range(0, length).Select(_ => (sbyte)random.Next(-127, 128)).ToArray();
            var b = Enumerable.Range(0, length).Select(_ => (sbyte)random.Next(-127, 128)).ToArray();
            Assert.Equal(a.Zip(b, (x, y) => x * y).Sum(), VectorIndex.DotInt8(a, b));
        }
    }

    [Fact]
    public void Vectors_round_trip_through_their_stored_bytes()
    {
        float[] vector = [0.25f, -1.5f, 3.0e-8f, float.Epsilon];
        Assert.Equal(vector, VectorBytes.ToFloats(VectorBytes.FromFloats(vector)));
    }

    private static float[] Unit(float[] v)
    {
        var norm = MathF.Sqrt(v.Sum(x => x * x));
        return v.Select(x => x / norm).ToArray();
    }

    private static float Dot(float[] a, float[] b) => a.Zip(b, (x, y) => x * y).Sum();
}
