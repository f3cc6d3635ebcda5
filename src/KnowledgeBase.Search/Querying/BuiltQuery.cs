using Lucene.Net.Search;

namespace KnowledgeBase.Search.Querying;

/// <summary>
/// The queries for a user's text: <see cref="Candidates"/> (cheap, finds and counts the matches; <see cref="Fallback"/>
/// when it finds too few) and <see cref="Full"/> (scores the best candidates), the index terms they may match (for
/// highlighting) and a spelling suggestion.
/// </summary>
internal sealed record BuiltQuery(Query? Full, Query? Candidates, Query? Fallback, IReadOnlySet<string> HighlightTerms, string? DidYouMean, bool HasSearchableWords)
{
    /// <summary>Asked before <see cref="Fallback"/> when <see cref="Candidates"/> finds fewer than the candidate count.</summary>
    public Query? Wider { get; init; }

    /// <summary>
    /// Words read as typos: words the index does not hold with a close known word, and rare words (typo tolerance's
    /// range) with a close word in at least ten times as many articles.
    /// </summary>
    public int CorrectedWords { get; init; }

    public static BuiltQuery Nothing(IReadOnlySet<string> terms) => new(null, null, null, terms, null, false);
}
