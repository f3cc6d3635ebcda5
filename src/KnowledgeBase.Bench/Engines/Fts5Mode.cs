namespace KnowledgeBase.Bench.Engines;

/// <summary>The three query modes the kb-eval README reports FTS5 reference figures for.</summary>
public enum Fts5Mode
{
    /// <summary>Terms OR-ed, plain bm25.</summary>
    Or,

    /// <summary>Terms OR-ed, bm25 with the title weighted ×5 (the default: best on four of the five sets).</summary>
    OrTitle,

    /// <summary>All terms required, plain bm25 (best on error messages, collapses on long or misspelled queries).</summary>
    And,
}
