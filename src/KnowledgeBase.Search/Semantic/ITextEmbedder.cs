namespace KnowledgeBase.Search.Semantic;

/// <summary>Turns text into a unit-length vector whose dot product with another measures how alike their meanings are.</summary>
public interface ITextEmbedder : IDisposable
{
    /// <summary>
    /// Names the model and everything that changes its vectors for the same text (the word-piece budget): stored
    /// vectors are keyed by it, so a new key never mixes with vectors of an old one.
    /// </summary>
    string ModelKey { get; }

    int Dimensions { get; }

    /// <summary>The text's vector (length <see cref="Dimensions"/>, L2-normalised). Thread-safe.</summary>
    float[] Embed(string text, CancellationToken cancellationToken = default);
}
