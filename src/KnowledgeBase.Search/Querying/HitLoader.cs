using KnowledgeBase.Core.Articles;
using KnowledgeBase.Search.Indexing;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace KnowledgeBase.Search.Querying;

/// <summary>
/// Reads what a hit shows from doc values, the head of the snippet text included; stored fields are touched only for
/// the rest of a long text when its head cannot give the snippet, because decompressing them costs more than the whole
/// search.
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

        string Binary(string field) => BinaryText(reader, doc, field, scratch);

        long Number(string field) => reader.GetNumericDocValues(field)?.Get(doc) ?? 0;

        string owner = "";
        var owners = reader.GetSortedDocValues(SearchFields.OwnerFacet);
        if (owners is not null)
        {
            owners.Get(doc, scratch);
            owner = Text(scratch);
        }

        var snippet = "";
        // A segment of an older format has no snippet lengths: its hits show no snippet until the rebuild (which an
        // older format starts at once) replaces it.
        if (highlightTerms is not null && reader.GetNumericDocValues(SearchFields.SnippetLength) is { } lengths)
        {
            var head = Binary(SearchFields.SnippetHead);
            snippet = SnippetHighlighter.Highlight(head, (int)lengths.Get(doc), highlightTerms)
                ?? SnippetHighlighter.Highlight(head + Stored(searcher, docId, SearchFields.SnippetRestOnly, SearchFields.SnippetRest), highlightTerms);
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
            (int)Number(SearchFields.Version),
            SplitList(Binary(SearchFields.ClientsValue)));
    }

    /// <summary>A binary doc value of one document as text ("" when the field has none).</summary>
    public static string Binary(IndexSearcher searcher, int docId, string field)
    {
        var leaves = searcher.IndexReader.Leaves;
        var leaf = leaves[ReaderUtil.SubIndex(docId, leaves)];
        return BinaryText(leaf.AtomicReader, docId - leaf.DocBase, field, new BytesRef());
    }

    private static string Stored(IndexSearcher searcher, int docId, ISet<string> only, string field) =>
        searcher.Doc(docId, only).Get(field) ?? "";

    private static string BinaryText(AtomicReader reader, int doc, string field, BytesRef scratch)
    {
        var values = reader.GetBinaryDocValues(field);
        if (values is null) return "";
        values.Get(doc, scratch);
        return Text(scratch);
    }

    // Lucene's Utf8ToString decodes through a char array as long as the text; snippet heads run to thousands of characters.
    private static string Text(BytesRef bytes) => System.Text.Encoding.UTF8.GetString(bytes.Bytes, bytes.Offset, bytes.Length);

    private static string[] SplitList(string joined) =>
        joined.Length == 0 ? [] : joined.Split(SearchFields.ListSeparator);
}
