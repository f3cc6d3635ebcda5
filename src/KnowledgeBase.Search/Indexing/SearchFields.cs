using KnowledgeBase.Core.Articles;

namespace KnowledgeBase.Search.Indexing;

/// <summary>The index schema. Ranking fields are analysed with <see cref="Analysis.ItAnalyzer"/>; the rest are exact.</summary>
internal static class SearchFields
{
    public const string Id = "id";
    public const string Title = "title";
    public const string Issue = "issue";
    /// <summary>Everything an article says (title, tags, every section, the rest of the body): BM25 statistics and phrases.</summary>
    public const string Text = "text";
    /// <summary>Unstemmed title words: real words for "did you mean" and prefix completion (titles only, as analysing the text twice would slow indexing).</summary>
    public const string Spell = "spell";
    /// <summary>
    /// The plain text snippets are cut from, in two parts: its head (<see cref="Querying.SnippetHighlighter.HeadLength"/>
    /// characters) as doc values, read without decompression, and the rest as a stored field, read only when the head is
    /// not enough; its length as a number.
    /// </summary>
    public const string SnippetHead = "snip_head";
    public const string SnippetRest = "snip_rest";
    public const string SnippetLength = "snip_len";
    public const string State = "state";
    public const string StateNumber = "state_n";
    public const string Audience = "audience";
    public const string Owner = "owner";
    public const string Category = "category";
    public const string Tag = "tag";
    public const string Updated = "updated";
    public const string Reuse = "reuse";
    public const string Version = "version";

    // Hits are read from doc values (columnar, a few bytes per hit) rather than stored fields, whose compressed
    // blocks also hold the long snippet text.
    public const string IdValue = "id_dv";
    public const string TitleValue = "title_dv";
    public const string CategoriesValue = "categories_dv";
    public const string TagsValue = "tags_dv";
    public const string AudienceNumber = "audience_n";
    public const char ListSeparator = '\u001f';

    public const string StateFacet = "state_dv";
    public const string OwnerFacet = "owner_dv";
    public const string CategoryFacet = "category_dv";
    public const string TagFacet = "tag_dv";

    public static readonly HashSet<string> SnippetRestOnly = [SnippetRest];
    /// <summary>The whole snippet text as one stored field, in indexes written before <see cref="SnippetHead"/> (kb-index-2).</summary>
    public const string LegacySnippet = "snip";
    public static readonly HashSet<string> LegacySnippetOnly = [LegacySnippet];

    /// <summary>The state's term and facet value in the index: its <see cref="KcsNames.Key(KcsState)"/> ("notvalidated").</summary>
    public static string StateValue(KcsState state) => state.Key();

    /// <summary>Reads a state term back; an unknown term (none is written) reads as Not Validated, as it always has.</summary>
    public static KcsState ParseState(string? value) => KcsNames.TryParseState(value, out var state) ? state.Value : KcsState.NotValidated;

    public static string AudienceValue(Audience audience) => audience.Key();
}
