using KnowledgeBase.Core.Inputs;

namespace KnowledgeBase.Core.Articles;

/// <summary>
/// The one spelling of client names: what is shown (trimmed, inner runs of white space made one space) and what is
/// compared (<see cref="Key"/>: the same, lower-cased with the invariant culture), so "Contoso ", "contoso" and
/// "CONTOSO" are one client on SQLite and PostgreSQL alike (the comparison never reaches a database collation).
/// </summary>
public static class ClientNames
{
    public const int MaxLength = 100;
    public const int MaxPerArticle = 20;

    /// <summary>The separator of <see cref="Scope"/>: a client name is one line, so it never contains one.</summary>
    private const char Separator = '\n';

    /// <summary>The name as shown: trimmed, inner white space collapsed to one space.</summary>
    public static string Display(string name) => string.Join(' ', (name ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>The name as compared (and stored beside the display name).</summary>
    public static string Key(string name) => Display(name).ToLowerInvariant();

    /// <summary>A reader's client as a key, null for none (null, empty or blank).</summary>
    public static string? KeyOrNull(string? name) => string.IsNullOrWhiteSpace(name) ? null : Key(name);

    /// <summary>Null when the name can be stored; otherwise what is wrong with it (a sentence to follow "The client …").</summary>
    public static string? Problem(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return "name is blank: leave the field empty for every client, or name one";
        var display = Display(name);
        if (display.Length > MaxLength) return $"name must be at most {MaxLength} characters ('{display[..30]}…' has {display.Length:N0})";
        return StoredText.NameProblem(display) is { } problem ? "name " + problem : null;
    }

    /// <summary>
    /// The client an API key or webhook of that audience is bound to, in display form (null: none — global customer
    /// articles only), or why it cannot be: only a customer-audience one is bound to a client (an internal one reads
    /// every client's; <paramref name="internalRefusal"/> says so in the caller's words), and the name must be storable.
    /// </summary>
    public static string? Binding(Audience audience, string? client, string internalRefusal, out string? problem)
    {
        problem = null;
        if (string.IsNullOrWhiteSpace(client)) return null;
        var display = Display(client);
        if (audience == Audience.Internal) problem = internalRefusal;
        else if (Problem(display) is { } nameProblem) problem = "The client " + nameProblem + ".";
        return display;
    }

    /// <summary>Null when the list can be stored (at most <see cref="MaxPerArticle"/> names, each with no <see cref="Problem"/>); otherwise the message for the <c>clients</c> field.</summary>
    public static string? ListProblem(IReadOnlyList<string?>? names)
    {
        if (names is null) return null;
        if (names.Count > MaxPerArticle) return $"At most {MaxPerArticle} clients (an article for more is probably for every client: leave the list empty).";
        for (var i = 0; i < names.Count; i++)
            if (Problem(names[i]) is { } problem) return $"Client {i + 1}: the {problem}.";
        return null;
    }

    /// <summary>The distinct names of a list (first spelling wins), in the order given.</summary>
    public static IReadOnlyList<string> Distinct(IEnumerable<string> names)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<string>();
        foreach (var name in names)
        {
            if (string.IsNullOrWhiteSpace(name)) continue;
            if (seen.Add(Key(name))) result.Add(Display(name));
        }
        return result;
    }

    /// <summary>
    /// A list of client keys as one string, for rows that keep what an article's scope was at a moment (a revision, a
    /// change-log entry): "" for every client, else each key between separators ("\ncontoso\nfabrikam\n").
    /// </summary>
    public static string Scope(IEnumerable<string> keys)
    {
        var list = keys.Where(k => k.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return list.Count == 0 ? "" : Separator + string.Join(Separator, list) + Separator;
    }

    /// <summary>What a <see cref="Scope"/> string contains when it names the client <paramref name="key"/>.</summary>
    public static string ScopeMarker(string key) => Separator + key + Separator;

    /// <summary>The keys of a <see cref="Scope"/> string.</summary>
    public static IReadOnlyList<string> KeysOf(string? scope) => (scope ?? "").Split(Separator, StringSplitOptions.RemoveEmptyEntries);
}
