using KnowledgeBase.Core.Articles;

namespace KnowledgeBase.Search;

/// <summary>A search as the site, the API and the benchmark ask for it.</summary>
public sealed record SearchRequest
{
    public string Query { get; init; } = "";
    public int Offset { get; init; }
    public int Limit { get; init; } = 10;
    /// <summary>Articles in any of these categories (empty: all).</summary>
    public IReadOnlyList<string> Categories { get; init; } = [];
    /// <summary>
    /// Empty means the reader's default (<see cref="StateVisibility.SearchedByDefault"/>: everything but Archived for
    /// internal readers, Validated for customers); states the reader may not see are ignored.
    /// </summary>
    public IReadOnlyList<KcsState> States { get; init; } = [];
    /// <summary>Articles carrying all of these tags.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];
    public string? Owner { get; init; }
    /// <summary>
    /// Who reads: a Customer reader sees only Validated Customer articles of every client or of its own, in hits, facet
    /// counts and "did you mean" (<see cref="Core.Access.AccessPolicy.ReaderMaySee"/>).
    /// </summary>
    public Core.Access.Reader Reader { get; init; } = Core.Access.Reader.Internal;
    /// <summary>
    /// The client of the ticket searched for (the API's <c>client</c>, the ticket's): its articles come first among the
    /// results, other clients' last (<see cref="Core.Articles.ClientPreference"/>); null: relevance alone.
    /// </summary>
    public string? Client { get; init; }
    /// <summary>Search-as-you-type: the last word may be unfinished.</summary>
    public bool PrefixLastTerm { get; init; }
    /// <summary>
    /// Let the semantic step join (when it is active): false for requests that must stay lexical. Searches as you type
    /// (<see cref="PrefixLastTerm"/>) are always lexical.
    /// </summary>
    public bool Semantic { get; init; } = true;
    public bool Facets { get; init; } = true;
    public bool Snippets { get; init; } = true;
}
