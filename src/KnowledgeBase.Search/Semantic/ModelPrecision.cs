namespace KnowledgeBase.Search.Semantic;

/// <summary>How the language model's weights are held when it runs (<c>Search:Semantic:Precision</c>).</summary>
public enum ModelPrecision
{
    /// <summary>
    /// 8-bit weights (one scale per output column), activations quantised per run: about three times faster for a
    /// query and twice for an article, vectors 0.99 alike the float ones (docs/semantic-search.md). The default.
    /// </summary>
    Int8,

    /// <summary>The weights as the package ships them (32-bit floats).</summary>
    Float32,
}
