using KnowledgeBase.Core.Articles;
using KnowledgeBase.Search.Indexing;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace KnowledgeBase.Search.Querying;

/// <summary>
/// Reads what a hit shows from doc values; stored fields are touched only for the snippet text, because their
/// compressed blocks hold the long text and decompressing them costs more than the whole search.
/// </summary>
internal static class HitLoader
{
    public static SearchHit Load(IndexSearcher searcher, int docId, float score, IReadOnlySet<string>? highlightTerms)
    {
        var leaves = searcher.IndexReader.Leaves;
        var leaf = leaves[ReaderUtil.SubIndex(docId, leaves)];
        var reader = leaf.AtomicReader;
        var doc = docId - leaf.DocBase;
        var scratch = new BytesRef();

        string Binary(string field)
        {
            var values = reader.GetBinaryDocValues(field);
            if (values is null) return "";
            values.Get(doc, scratch);
            return scratch.Utf8ToString();
        }

        long Number(string field) => reader.GetNumericDocValues(field)?.Get(doc) ?? 0;

        string owner = "";
        var owners = reader.GetSortedDocValues(SearchFields.OwnerFacet);
        if (owners is not null)
        {
            owners.Get(doc, scratch);
            owner = scratch.Utf8ToString();
        }

        var snippet = "";
        if (highlightTerms is not null)
        {
            var stored = searcher.Doc(docId, SearchFields.SnippetOnly);
            snippet = SnippetHighlighter.Highlight(stored.Get(SearchFields.Snippet) ?? "", highlightTerms);
        }

        return new SearchHit(
            Binary(SearchFields.IdValue),
            Binary(SearchFields.TitleValue),
            score,
            snippet,
            (KcsState)Number(SearchFields.StateNumber),
            (Audience)Number(SearchFields.AudienceNumber),
            owner,
            SplitList(Binary(SearchFields.CategoriesValue)),
            SplitList(Binary(SearchFields.TagsValue)),
            new DateTime(Math.Clamp(Number(SearchFields.Updated), DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks), DateTimeKind.Utc),
            (int)Number(SearchFields.Version));
    }

    private static string[] SplitList(string joined) =>
        joined.Length == 0 ? [] : joined.Split(SearchFields.ListSeparator);
}
