namespace KnowledgeBase.Core.Tickets;

/// <summary>
/// Where a logged search was run. Its wire name (<see cref="SearchSources.Wire"/>) is the one spelling used in the
/// database, the report addresses and CSV files, and the API.
/// </summary>
public enum SearchSource
{
    /// <summary>The site's search page (the only source logged before issue #18.4; older rows are all site).</summary>
    Site = 0,
    /// <summary><c>GET /api/v1/articles/search</c>.</summary>
    Api = 1,
    /// <summary><c>POST /api/v1/articles/suggestions</c>.</summary>
    Suggestions = 2,
    /// <summary>The site's intake page (suggestions for a new ticket).</summary>
    Intake = 3,
    /// <summary>The PSA ticket panel: its suggestions and its search box.</summary>
    Panel = 4,
}

public static class SearchSources
{
    public const int MaxWireLength = 20;

    public static string Wire(this SearchSource source) => source.ToString().ToLowerInvariant();

    /// <summary>A wire name (case-insensitive) as a source; numbers and unknown names are refused.</summary>
    public static bool TryParse(string? text, out SearchSource source)
    {
        source = SearchSource.Site;
        if (string.IsNullOrWhiteSpace(text) || text.Trim().Any(char.IsDigit)) return false;
        return Enum.TryParse(text.Trim(), ignoreCase: true, out source) && Enum.IsDefined(source);
    }

    /// <summary>Every wire name, comma-separated (for messages and documentation).</summary>
    public static string Names => string.Join(", ", Enum.GetValues<SearchSource>().Select(Wire));
}
