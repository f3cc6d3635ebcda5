using System.Text;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Util;

namespace KnowledgeBase.Search.Indexing;

/// <summary>Turns a <see cref="SearchDocument"/> into the Lucene document of <see cref="SearchFields"/>.</summary>
internal static class DocumentMapper
{
    // Snippets come from the beginning of the text; storing more only grows the index and the highlighter's work.
    public const int MaxSnippetSourceChars = 12_000;

    private static readonly FieldType SpellType = CreateSpellType();

    public static Document Map(SearchDocument source)
    {
        var title = MarkdownText.Clean(source.Title ?? "");
        var issue = MarkdownText.Clean(source.Issue ?? "");
        var environment = MarkdownText.Clean(source.Environment ?? "");
        var resolution = MarkdownText.Clean(source.Resolution ?? "");
        var cause = MarkdownText.Clean(source.Cause ?? "");
        var body = MarkdownText.Clean(source.Body ?? "");
        var tags = (source.Tags ?? []).Where(t => !string.IsNullOrEmpty(t)).Distinct(StringComparer.Ordinal).ToList();
        var categories = (source.Categories ?? []).Where(c => !string.IsNullOrEmpty(c)).Distinct(StringComparer.Ordinal).ToList();

        // Title and issue are also fields of their own (SearchFields.PartsOfText): their words go into the text too.
        var text = new StringBuilder(title.Length + issue.Length + environment.Length + resolution.Length + cause.Length + body.Length + 64);
        text.Append(title).Append("\n\n");
        foreach (var tag in tags) text.Append(tag).Append(' ');
        // What describes the problem first (word pairs are indexed for the opening words only), then the rest.
        text.Append("\n\n").Append(issue).Append("\n\n").Append(cause).Append("\n\n").Append(body)
            .Append("\n\n").Append(environment).Append("\n\n").Append(resolution);

        // Snippets show what a reader sees, not Markdown: the section text is reduced to plain text here.
        var snippet = new StringBuilder(Math.Min(MaxSnippetSourceChars, text.Length));
        AppendBounded(snippet, source.Issue);
        AppendBounded(snippet, source.Cause);
        AppendBounded(snippet, source.Resolution);
        AppendBounded(snippet, source.Environment);
        AppendBounded(snippet, source.Body);

        var snippetSource = snippet.ToString();
        var snippetHeadEnd = Querying.SnippetHighlighter.HeadEnd(snippetSource);

        var state = SearchFields.StateValue(source.State);
        var owner = source.Owner ?? "";
        var doc = new Document
        {
            new StringField(SearchFields.Id, source.Id, Field.Store.NO),
            new BinaryDocValuesField(SearchFields.IdValue, new BytesRef(source.Id)),
            new BinaryDocValuesField(SearchFields.TitleValue, new BytesRef(source.Title ?? "")),
            new BinaryDocValuesField(SearchFields.CategoriesValue, new BytesRef(string.Join(SearchFields.ListSeparator, categories))),
            new BinaryDocValuesField(SearchFields.TagsValue, new BytesRef(string.Join(SearchFields.ListSeparator, tags))),
            new NumericDocValuesField(SearchFields.AudienceNumber, (long)source.Audience),
            new TextField(SearchFields.Title, title, Field.Store.YES),
            new TextField(SearchFields.Issue, issue, Field.Store.NO),
            new TextField(SearchFields.Text, text.ToString(), Field.Store.NO),
            new Field(SearchFields.Spell, title, SpellType),
            new BinaryDocValuesField(SearchFields.SnippetHead, new BytesRef(snippetSource[..snippetHeadEnd])),
            new NumericDocValuesField(SearchFields.SnippetLength, snippetSource.Length),
            new SortedDocValuesField(SearchFields.StateFacet, new BytesRef(state)),
            new NumericDocValuesField(SearchFields.StateNumber, (long)source.State),
            new SortedDocValuesField(SearchFields.OwnerFacet, new BytesRef(owner)),
            new NumericDocValuesField(SearchFields.Updated, source.UpdatedAt.Ticks),
            new NumericDocValuesField(SearchFields.Reuse, source.ReuseCount),
            new NumericDocValuesField(SearchFields.Version, source.Version),
        };
        if (snippetHeadEnd < snippetSource.Length) doc.Add(new StoredField(SearchFields.SnippetRest, snippetSource[snippetHeadEnd..]));
        foreach (var category in categories)
        {
            doc.Add(new SortedSetDocValuesField(SearchFields.CategoryFacet, new BytesRef(category)));
        }
        // An article for every client (most of them) carries neither field: no value reads as "every client".
        var clients = (source.Clients ?? []).Where(c => !string.IsNullOrWhiteSpace(c)).ToList();
        foreach (var client in clients.Select(Core.Articles.ClientNames.Key).Distinct(StringComparer.Ordinal))
            doc.Add(new SortedSetDocValuesField(SearchFields.ClientFacet, new BytesRef(client)));
        if (clients.Count > 0) doc.Add(new BinaryDocValuesField(SearchFields.ClientsValue, new BytesRef(string.Join(SearchFields.ListSeparator, clients))));
        foreach (var tag in tags)
        {
            doc.Add(new SortedSetDocValuesField(SearchFields.TagFacet, new BytesRef(tag)));
        }
        return doc;
    }

    private static void AppendBounded(StringBuilder builder, string? markdown)
    {
        if (string.IsNullOrEmpty(markdown)) return;
        var room = MaxSnippetSourceChars - builder.Length;
        if (room <= 2) return;
        var text = MarkdownText.DisplayText(markdown, room);
        if (text.Length == 0) return;
        if (builder.Length > 0) { builder.Append("\n\n"); room -= 2; }
        if (text.Length <= room) { builder.Append(text); return; }
        // Never cut a surrogate pair in half.
        var cut = room;
        if (char.IsHighSurrogate(text[cut - 1])) cut--;
        builder.Append(text, 0, cut);
    }

    private static FieldType CreateSpellType()
    {
        var type = new FieldType(TextField.TYPE_NOT_STORED)
        {
            IndexOptions = IndexOptions.DOCS_ONLY,
            OmitNorms = true,
        };
        type.Freeze();
        return type;
    }
}
