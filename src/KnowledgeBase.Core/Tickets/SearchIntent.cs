namespace KnowledgeBase.Core.Tickets;

/// <summary>
/// Why an integration searched. A <see cref="Prefetch"/> (e.g. a PSA panel loading suggestions before anyone looks)
/// is logged but is not demand: the reports leave it out until a technician acts on what it showed (opens or links
/// one of its articles), which promotes it (<see cref="SearchLogEntry.Answer"/>).
/// </summary>
public enum SearchIntent
{
    Demand = 0,
    Prefetch = 1,
}

public static class SearchIntents
{
    public static string Wire(this SearchIntent intent) => intent.ToString().ToLowerInvariant();

    /// <summary>demand or prefetch (case-insensitive); null or blank is demand.</summary>
    public static bool TryParse(string? text, out SearchIntent intent)
    {
        intent = SearchIntent.Demand;
        if (string.IsNullOrWhiteSpace(text)) return true;
        if (text.Trim().Any(char.IsDigit)) return false;
        return Enum.TryParse(text.Trim(), ignoreCase: true, out intent) && Enum.IsDefined(intent);
    }
}
