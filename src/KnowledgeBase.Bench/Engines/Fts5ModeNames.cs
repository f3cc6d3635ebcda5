namespace KnowledgeBase.Bench.Engines;

/// <summary>The spelling of <see cref="Fts5Mode"/> on the command line and in reports: or, or-title, and.</summary>
public static class Fts5ModeNames
{
    public static string Format(Fts5Mode mode) => mode switch
    {
        Fts5Mode.Or => "or",
        Fts5Mode.OrTitle => "or-title",
        Fts5Mode.And => "and",
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, null),
    };

    public static bool TryParse(string text, out Fts5Mode mode)
    {
        foreach (var candidate in Enum.GetValues<Fts5Mode>())
        {
            if (string.Equals(Format(candidate), text, StringComparison.OrdinalIgnoreCase))
            {
                mode = candidate;
                return true;
            }
        }
        mode = default;
        return false;
    }
}
