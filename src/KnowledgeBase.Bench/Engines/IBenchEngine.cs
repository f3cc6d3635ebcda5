namespace KnowledgeBase.Bench.Engines;

/// <summary>One search engine under test. The harness builds it once, then runs every query set against it.</summary>
public interface IBenchEngine : IDisposable
{
    /// <summary>The JSON key: lucene, lexical, dense, fts5 or postgres.</summary>
    string Name { get; }

    /// <summary>Indexes the articles from scratch (timed by the harness).</summary>
    void Build(IReadOnlyList<BenchArticle> articles);

    /// <summary>Bytes the index (or table + index) takes on disk after <see cref="Build"/>.</summary>
    long IndexBytes();

    /// <summary>The ids of the best <paramref name="limit"/> articles for a query, best first. Must be thread-safe.</summary>
    IReadOnlyList<string> Search(string query, int limit);

    /// <summary>
    /// Articles for a new ticket (intake), best first. Engines without an intake mode search the subject and the
    /// description as one OR-ed query.
    /// </summary>
    IReadOnlyList<string> SuggestForTicket(string subject, string description, int limit) => Search(subject + "\n" + description, limit);
}
