using System.Globalization;
using System.Text.Json;

namespace KnowledgeBase.Core.Psa;

/// <summary>
/// Reading vendor JSON leniently where vendors differ (ConnectWise camelCase, Autotask webhook PascalCase, numbers as
/// strings): property names without case, values as text whatever their JSON kind, times without a zone read as UTC.
/// Unknown properties are ignored; a missing or null one is null.
/// </summary>
internal static class PsaJson
{
    public static JsonElement? Get(JsonElement element, params string[] names)
    {
        if (element.ValueKind != JsonValueKind.Object) return null;
        foreach (var name in names)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase) && property.Value.ValueKind is not JsonValueKind.Null and not JsonValueKind.Undefined)
                    return property.Value;
            }
        }
        return null;
    }

    public static string? Text(JsonElement element, params string[] names) => Get(element, names) is { } value ? Text(value) : null;

    public static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => NullIfBlank(value.GetString()),
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => null,
    };

    /// <summary>A nested reference's field (<c>board.name</c>), or the value itself when the PSA sent a plain value.</summary>
    public static string? Nested(JsonElement element, string name, string field)
    {
        if (Get(element, name) is not { } value) return null;
        return value.ValueKind == JsonValueKind.Object ? Text(value, field) : Text(value);
    }

    public static bool? Bool(JsonElement element, params string[] names) => Get(element, names) is { } value
        ? value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.String when bool.TryParse(value.GetString(), out var b) => b,
            JsonValueKind.Number when value.TryGetInt32(out var n) => n != 0,
            _ => null,
        }
        : null;

    public static DateTime? Date(JsonElement element, params string[] names)
    {
        if (Text(element, names) is not { } text) return null;
        if (!DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed)) return null;
        // A PSA's "no date" (0001-01-01, 1900-01-01) is not a date.
        return parsed.Year < 1970 ? null : DateTime.SpecifyKind(parsed, DateTimeKind.Utc);
    }

    private static string? NullIfBlank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
