using Lucene.Net.Analysis;

namespace KnowledgeBase.Search.Querying;

/// <summary>Query-time configuration swapped as a whole when synonyms are reloaded, so a search never sees half of it.</summary>
internal sealed class QueryContext(SynonymSet synonyms, Analyzer analyzer)
{
    public SynonymSet Synonyms { get; } = synonyms;
    public SynonymMatcher SynonymMatcher { get; } = new(synonyms, analyzer);
}
