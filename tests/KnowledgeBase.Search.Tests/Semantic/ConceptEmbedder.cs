using System.Text.RegularExpressions;
using KnowledgeBase.Search.Semantic;

namespace KnowledgeBase.Search.Tests.Semantic;

/// <summary>
/// A stand-in for the language model in tests: words that mean the same thing share a dimension (the test says which),
/// every other word gets a dimension of its own from its hash. Deterministic and instant, so the fusion, the floors and
/// the visibility rules are tested without loading the 90 MB model.
/// </summary>
internal sealed partial class ConceptEmbedder(params string[][] concepts) : ITextEmbedder
{
    private const int ConceptDimensions = 64;
    private readonly Dictionary<string, int> _concepts = concepts
        .SelectMany((words, i) => words.Select(w => (w, i)))
        .ToDictionary(x => x.w, x => x.i, StringComparer.OrdinalIgnoreCase);

    public string ModelKey { get; } = MiniLmEmbedder.KeyFor(MiniLmEmbedder.DefaultMaxPieces);

    public int Dimensions => MiniLmEmbedder.ModelDimensions;

    public int Calls { get; private set; }

    /// <summary>Every text the model was asked to read, in order.</summary>
    public List<string> Texts { get; } = [];

    /// <summary>Attaches this model to <paramref name="semantic"/> with every article's vector, and turns the step on.</summary>
    public void Serve(SemanticSearch semantic, IEnumerable<SearchDocument> docs)
    {
        semantic.Attach(this);
        foreach (var doc in docs) semantic.Vectors.Set(doc.Id, Embed(EmbeddingText.For(doc.Title, doc.Issue)));
        semantic.SetBacklogDone(true);
    }

    public float[] Embed(string text, CancellationToken cancellationToken = default)
    {
        Calls++;
        lock (Texts) Texts.Add(text);
        var vector = new float[Dimensions];
        foreach (Match word in Word().Matches(text.ToLowerInvariant()))
        {
            if (StopWords.Contains(word.Value)) continue;
            var dimension = _concepts.TryGetValue(word.Value, out var concept)
                ? concept
                : ConceptDimensions + (int)((uint)StringComparer.Ordinal.GetHashCode(word.Value) % (uint)(Dimensions - ConceptDimensions));
            vector[dimension] += 1;
        }
        var norm = MathF.Sqrt(vector.Sum(v => v * v));
        if (norm > 0) for (var i = 0; i < vector.Length; i++) vector[i] /= norm;
        return vector;
    }

    private static readonly HashSet<string> StopWords = ["a", "an", "the", "and", "for", "my", "is", "in", "of", "to", "with", "it", "on", "again"];

    [GeneratedRegex("[a-z0-9]+")]
    private static partial Regex Word();

    public void Dispose()
    {
    }
}
