using System.Diagnostics.CodeAnalysis;

namespace KnowledgeBase.Core.Articles;

/// <summary>
/// The one home of the names of states and audiences: the wire name (API, webhooks, the site's addresses, facet values:
/// lower case, words joined by dashes), the display name (pages, export files, audit text), the key the search index
/// stores (the wire name without its separators), and parsing of whatever people write ("Not Validated", "wip",
/// "not-validated", "NotValidated").
/// </summary>
public static class KcsNames
{
    private sealed record Names<T>(T Value, string Wire, string Display, params string[] Aliases);

    private static readonly Names<KcsState>[] States =
    [
        new(KcsState.Wip, "wip", "WIP", "work in progress", "draft"),
        new(KcsState.NotValidated, "not-validated", "Not Validated"),
        new(KcsState.Validated, "validated", "Validated"),
        new(KcsState.Archived, "archived", "Archived"),
    ];

    private static readonly Names<Audience>[] Audiences =
    [
        new(Audience.Internal, "internal", "Internal"),
        new(Audience.Customer, "customer", "Customer", "external"),
    ];

    /// <summary>Every state's wire name, in the enum's order ("wip, not-validated, validated or archived" in messages).</summary>
    public static IReadOnlyList<string> StateWireNames { get; } = States.Select(n => n.Wire).ToArray();

    /// <summary>"wip, not-validated, validated or archived": the states as error messages list them.</summary>
    public static string StateWireList { get; } = string.Join(", ", StateWireNames.Take(StateWireNames.Count - 1)) + " or " + StateWireNames[^1];

    public static string ToWire(this KcsState state) => Of(States, state)?.Wire ?? state.ToString().ToLowerInvariant();

    public static string ToWire(this Audience audience) => Of(Audiences, audience)?.Wire ?? audience.ToString().ToLowerInvariant();

    public static string Display(this KcsState state) => Of(States, state)?.Display ?? state.ToString();

    public static string Display(this Audience audience) => Of(Audiences, audience)?.Display ?? audience.ToString();

    /// <summary>
    /// The wire name without separators ("notvalidated"): the form <see cref="TryParseState"/> compares, the term the
    /// search index stores (changing it would need an index format bump) and the page's CSS class suffix.
    /// </summary>
    public static string Key(this KcsState state) => Normalize(state.ToWire());

    public static string Key(this Audience audience) => Normalize(audience.ToWire());

    public static bool TryParseState(string? text, [NotNullWhen(true)] out KcsState? state)
    {
        state = Parse(States, text);
        return state is not null;
    }

    public static bool TryParseAudience(string? text, [NotNullWhen(true)] out Audience? audience)
    {
        audience = Parse(Audiences, text);
        return audience is not null;
    }

    private static Names<T>? Of<T>(Names<T>[] names, T value) where T : struct, Enum =>
        names.FirstOrDefault(n => EqualityComparer<T>.Default.Equals(n.Value, value));

    /// <summary>A name matches when its letters and digits match, case aside: the wire, display and enum spellings and the aliases.</summary>
    private static T? Parse<T>(Names<T>[] names, string? text) where T : struct, Enum
    {
        var key = Normalize(text);
        if (key.Length == 0) return null;
        foreach (var n in names)
        {
            if (key == Normalize(n.Wire) || key == Normalize(n.Display) || key == Normalize(n.Value.ToString()) || n.Aliases.Any(a => key == Normalize(a)))
                return n.Value;
        }
        return null;
    }

    private static string Normalize(string? text) =>
        new((text ?? "").Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());
}
