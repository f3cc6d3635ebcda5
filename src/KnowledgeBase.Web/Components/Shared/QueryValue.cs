using System.Globalization;

namespace KnowledgeBase.Web.Components.Shared;

/// <summary>
/// A page's query-string values read by hand, so a wrong one is reported (naming it, with what was used instead)
/// rather than failing the page: Blazor's typed <c>[SupplyParameterFromQuery]</c> answers 500 to "abc" for an int.
/// The page shows the messages with <see cref="BadInputNotice"/>, which also makes the answer a 400.
/// </summary>
public static class QueryValue
{
    /// <summary>The earliest and latest dates any page accepts (<see cref="Core.Inputs.StoredDates"/>).</summary>
    public static DateOnly MinDate => Core.Inputs.StoredDates.Min;
    public static DateOnly MaxDate => Core.Inputs.StoredDates.Max;

    public static int? Int(string? text, string name, int min, int max, ICollection<string> errors, string instead)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max) return value;
        errors.Add($"'{Short(text)}' is not a valid {name} (a whole number from {min:N0} to {max:N0}); {instead}.");
        return null;
    }

    public static long? Long(string? text, string name, long min, long max, ICollection<string> errors, string instead)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (long.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max) return value;
        errors.Add($"'{Short(text)}' is not a valid {name} (a whole number from {min:N0} to {max:N0}); {instead}.");
        return null;
    }

    public static bool? Bool(string? text, string name, ICollection<string> errors)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (bool.TryParse(text.Trim(), out var value)) return value;
        errors.Add($"'{Short(text)}' is not a valid {name} (true or false); it was ignored.");
        return null;
    }

    /// <summary>A UTC date (yyyy-MM-dd) or date and time (ISO 8601) between <see cref="MinDate"/> and <see cref="MaxDate"/>.</summary>
    public static DateTime? Date(string? text, string name, ICollection<string> errors, string instead)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (DateTime.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var value)
            && DateOnly.FromDateTime(value) >= MinDate && DateOnly.FromDateTime(value) <= MaxDate)
            return DateTime.SpecifyKind(value, DateTimeKind.Utc);
        errors.Add($"'{Short(text)}' is not a valid date for {name} (yyyy-MM-dd, from {MinDate:yyyy-MM-dd} to {MaxDate:yyyy-MM-dd}); {instead}.");
        return null;
    }

    /// <summary>A value as it may be quoted back to the user.</summary>
    public static string Short(string text) => text.Length > 40 ? text[..40] + "…" : text;
}
