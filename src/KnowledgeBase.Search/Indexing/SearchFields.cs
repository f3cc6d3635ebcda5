using KnowledgeBase.Core.Articles;

namespace KnowledgeBase.Search.Indexing;

/// <summary>
/// The index schema, each field written by <see cref="DocumentMapper"/> and read by search. Ranking fields are analysed
/// with <see cref="Analysis.ItAnalyzer"/>; filters, facets and what a hit shows are doc values (columnar, a few bytes
/// per hit), never stored fields, whose compressed blocks also hold the long snippet text.
/// </summary>
internal static class SearchFields
{
    /// <summary>The article id as a term: updates and deletes by id, finding an article's document. Hits read <see cref="IdValue"/>.</summary>
    public const string Id = "id";
    /// <summary>Title words, stemmed, stored (the "see also" source); also folded into <see cref="Text"/>.</summary>
    public const string Title = "title";
    /// <summary>Issue section words, stemmed; also folded into <see cref="Text"/>.</summary>
    public const string Issue = "issue";
    /// <summary>Everything an article says (title, tags, every section, the rest of the body): BM25 statistics and phrases.</summary>
    public const string Text = "text";
    /// <summary>Unstemmed title words: real words for "did you mean" and prefix completion (titles only, as analysing the text twice would slow indexing).</summary>
    public const string Spell = "spell";

    /// <summary>
    /// The fields whose whole text <see cref="DocumentMapper"/> also writes into <see cref="Text"/>, analysed by the same
    /// chain (less the word pairs, which only <see cref="Text"/> has): a segment whose <see cref="Text"/> lacks a term
    /// lacks it in these too, which term lookups rely on (Querying.TermLookup). A test holds the mapper to it.
    /// </summary>
    public static readonly IReadOnlySet<string> PartsOfText = new HashSet<string>(StringComparer.Ordinal) { Title, Issue };

    /// <summary>
    /// The plain text snippets are cut from, in two parts: its head (<see cref="Querying.SnippetHighlighter.HeadLength"/>
    /// characters) as doc values, read without decompression, and the rest as a stored field, read only when the head is
    /// not enough; its length as a number.
    /// </summary>
    public const string SnippetHead = "snip_head";
    public const string SnippetRest = "snip_rest";
    public const string SnippetLength = "snip_len";
    public static readonly HashSet<string> SnippetRestOnly = [SnippetRest];

    // Numbers (numeric doc values): filters, ranking and what a hit shows.
    public const string StateNumber = "state_n";
    public const string AudienceNumber = "audience_n";
    public const string Updated = "updated";
    public const string Reuse = "reuse";
    public const string Version = "version";

    // What a hit shows (binary doc values); lists joined by ListSeparator.
    public const string IdValue = "id_dv";
    public const string TitleValue = "title_dv";
    public const string CategoriesValue = "categories_dv";
    public const string TagsValue = "tags_dv";
    public const char ListSeparator = '\u001f';

    // Facets and filters (sorted doc values; the owner facet is also what a hit shows).
    public const string StateFacet = "state_dv";
    public const string OwnerFacet = "owner_dv";
    public const string CategoryFacet = "category_dv";
    public const string TagFacet = "tag_dv";
    /// <summary>
    /// The keys of the clients an article is for (<see cref="Core.Articles.ClientNames.Key"/>), one value each; none: for
    /// every client. The customer reader's filter (<see cref="Querying.DocFilter"/>) and the ticket client's ordering read it.
    /// </summary>
    public const string ClientFacet = "client_dv";
    /// <summary>The clients' names as shown (for the chip on a hit), joined by <see cref="ListSeparator"/>.</summary>
    public const string ClientsValue = "clients_dv";

    /// <summary>The state's term and facet value in the index: its <see cref="KcsNames.Key(KcsState)"/> ("notvalidated").</summary>
    public static string StateValue(KcsState state) => state.Key();

    /// <summary>Reads a state term back; an unknown term (none is written) reads as Not Validated, as it always has.</summary>
    public static KcsState ParseState(string? value) => KcsNames.TryParseState(value, out var state) ? state.Value : KcsState.NotValidated;

}
