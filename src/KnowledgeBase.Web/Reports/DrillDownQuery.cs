using System.Globalization;
using Microsoft.Extensions.Primitives;

namespace KnowledgeBase.Web.Reports;

/// <summary>How the drill-down pages read and write their own query-string values (names are lower case, hyphens ignored).</summary>
public static class DrillDownQuery
{
    public static Dictionary<string, string> Values(IEnumerable<KeyValuePair<string, StringValues>> query) =>
        query.ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.OrdinalIgnoreCase);

    public static string? Text(Dictionary<string, string> values, string key) =>
        values.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;

    public static bool Flag(Dictionary<string, string> values, string key) => values.TryGetValue(key, out var v) && bool.TryParse(v, out var b) && b;

    public static int Offset(Dictionary<string, string> values) =>
        values.TryGetValue("offset", out var o) && int.TryParse(o, NumberStyles.None, CultureInfo.InvariantCulture, out var offset) ? offset : 0;

    public static string? OffsetText(int? offset) => offset is > 0 ? offset.Value.ToString(CultureInfo.InvariantCulture) : null;

    public static T Enum<T>(Dictionary<string, string> values, string key, T fallback) where T : struct, System.Enum =>
        OptionalEnum<T>(values, key) ?? fallback;

    public static T? OptionalEnum<T>(Dictionary<string, string> values, string key) where T : struct, System.Enum
    {
        if (Text(values, key) is not { } text) return null;
        text = text.Replace("-", "", StringComparison.Ordinal);
        return System.Enum.TryParse<T>(text, ignoreCase: true, out var parsed) && System.Enum.IsDefined(parsed) && !int.TryParse(text, out _) ? parsed : null;
    }

    /// <summary>"zero-result" for ZeroResult.</summary>
    public static string Name<T>(T value) where T : struct, System.Enum =>
        string.Concat(value.ToString().Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
