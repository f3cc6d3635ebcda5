using KnowledgeBase.Core.Tickets;

namespace KnowledgeBase.Web.Api;

/// <summary>
/// How the API's search and suggestions say what a search is for (docs/api.md "Every search counted"): the ticket it
/// serves and whether a technician asked for it (demand) or an integration loaded it ahead (prefetch).
/// </summary>
public static class SearchLogging
{
    public const string IntentDescription =
        "demand (default): a technician asked for this search; prefetch: the integration loads it before anyone looks (e.g. a ticket screen opening). A prefetch is logged but left out of the search reports until the technician opens or links an article it showed.";

    public const string SearchCounted =
        "Each search (its first page) is logged for the search-success, zero-result and content-gap reports with source 'api', the articles it showed and, with ticketSystem/ticketInstance/ticketId, its ticket; send intent=prefetch when no technician asked for it.";

    public const string SuggestionsCounted =
        "Each call is logged for the search reports with source 'suggestions', the articles it suggested and, with ticket, its ticket; send intent \"prefetch\" when the integration loads suggestions before the technician looks.";

    /// <summary>
    /// The query parameters' descriptions in the OpenAPI document (a DescriptionAttribute on an [AsParameters] record's
    /// parameter makes ASP.NET Core's document generator throw, and one on its property is not read).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> ParameterDescriptions = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["intent"] = IntentDescription,
        ["ticketSystem"] = "The PSA system of the ticket this search is for (with ticketInstance and ticketId): a later link of an article to that ticket marks the search successful.",
        ["ticketInstance"] = "The instance of the ticket this search is for (e.g. acme.halopsa.com).",
        ["ticketId"] = "The PSA's id of the ticket this search is for.",
    };

    /// <summary>The intent named (demand when none); a wrong one is a field error.</summary>
    public static SearchIntent Intent(string? text, Dictionary<string, string> errors)
    {
        if (SearchIntents.TryParse(text, out var intent)) return intent;
        errors["intent"] = "The intent must be demand or prefetch.";
        return SearchIntent.Demand;
    }

    /// <summary>A ticket named by its three parts (all or none, unless <paramref name="required"/>); wrong parts are field errors.</summary>
    public static TicketKey? Ticket(string? system, string? instance, string? id, Dictionary<string, string> errors, string systemField, string instanceField, string idField, bool required = false)
    {
        var parts = new[] { (system?.Trim(), systemField, Core.Tickets.Ticket.MaxSystemLength), (instance?.Trim(), instanceField, Core.Tickets.Ticket.MaxInstanceLength),
            (id?.Trim(), idField, Core.Tickets.Ticket.MaxExternalIdLength) };
        if (!required && parts.All(p => string.IsNullOrEmpty(p.Item1))) return null;
        var missing = parts.Where(p => string.IsNullOrEmpty(p.Item1)).Select(p => p.Item2).ToList();
        var valid = true;
        foreach (var (value, field, max) in parts)
        {
            if (string.IsNullOrEmpty(value)) errors[field] = $"{field} is required when the search names its ticket (system, instance and id).";
            else if (value.Length > max || value.Any(char.IsControl)) errors[field] = $"{field} must be at most {max} characters, without control characters.";
            // Half a ticket: the parts given are named too, so the caller sees which value came alone.
            else if (missing.Count > 0) errors[field] = $"{field} names a ticket only together with {string.Join(" and ", missing)}.";
            else continue;
            valid = false;
        }
        return valid ? new TicketKey(parts[0].Item1!, parts[1].Item1!, parts[2].Item1!) : null;
    }

    /// <summary>What a ticket search is logged as: its subject, or its description when it has none.</summary>
    public static string TicketQuery(string? subject, string? description) =>
        !string.IsNullOrWhiteSpace(subject) ? subject.Trim() : (description ?? "").Trim();
}
