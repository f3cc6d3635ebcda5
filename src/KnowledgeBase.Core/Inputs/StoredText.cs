using System.Globalization;

namespace KnowledgeBase.Core.Inputs;

/// <summary>
/// What text may be stored, the same on every database: PostgreSQL refuses a NUL character in text (22021) and SQLite
/// cuts inlined SQL at it, so a NUL is refused everywhere, with where it is. Titles and names are shown in lists, tabs
/// and audit rows, so they also refuse invisible characters and those that reverse the text around them (a title that
/// reads differently from what it says, or two titles that look the same and are not).
/// </summary>
public static class StoredText
{
    /// <summary>Null when <paramref name="value"/> holds no NUL; otherwise a sentence saying where the first one is.</summary>
    public static string? NulProblem(string? value)
    {
        var index = value?.IndexOf('\0') ?? -1;
        if (index < 0) return null;
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < index; i++)
        {
            if (value![i] != '\n') continue;
            line++;
            lineStart = i + 1;
        }
        return $"contains a NUL character (U+0000) at line {line}, column {index - lineStart + 1}, which cannot be stored: remove it";
    }

    /// <summary>
    /// Null when a one-line name (title, tag, category name) shows what it says; otherwise a sentence naming the first
    /// character that does not: control characters, bidirectional overrides, embeddings and isolates (U+202A–U+202E,
    /// U+2066–U+2069), and invisible spaces (U+200B, U+2060, U+FEFF). Right-to-left text itself, the left/right marks
    /// and the joiners that scripts and emoji need (U+200C, U+200D) are fine.
    /// </summary>
    public static string? NameProblem(string? value)
    {
        if (string.IsNullOrEmpty(value)) return null;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsControl(c) || IsDirectionOverride(c) || c is '\u200B' or '\u2060' or '\uFEFF')
                return $"contains {Describe(c)} at position {i + 1}: remove it (it is invisible or changes how the text around it reads)";
        }
        return null;
    }

    private static bool IsDirectionOverride(char c) => c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069';

    private static string Describe(char c) =>
        $"the character U+{((int)c).ToString("X4", CultureInfo.InvariantCulture)}" + c switch
        {
            '\0' => " (NUL)",
            '\u202E' => " (right-to-left override)",
            '\u202D' => " (left-to-right override)",
            '\u200B' => " (zero-width space)",
            '\uFEFF' => " (zero-width no-break space)",
            _ when char.IsControl(c) => " (a control character)",
            _ => "",
        };
}
