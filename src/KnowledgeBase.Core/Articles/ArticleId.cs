using System.Text;
using System.Text.RegularExpressions;

namespace KnowledgeBase.Core.Articles;

/// <summary>Article ids are short, URL-safe and stable: they appear in links, tickets and PSA integrations.</summary>
public static partial class ArticleId
{
    public const int MaxLength = 64;

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex ValidPattern();

    public static bool IsValid(string? id) => id is not null && ValidPattern().IsMatch(id) && !id.Contains("..", StringComparison.Ordinal);

    /// <summary>Turns a file name or title into an id: lower case, ASCII letters and digits joined by dashes.</summary>
    public static string Slugify(string text)
    {
        var builder = new StringBuilder(text.Length);
        var pendingDash = false;
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                if (pendingDash && builder.Length > 0) builder.Append('-');
                builder.Append(char.ToLowerInvariant(c));
                pendingDash = false;
            }
            else if (c is '.' or '_' && builder.Length > 0)
            {
                builder.Append(c);
                pendingDash = false;
            }
            else if (System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.NonSpacingMark)
            {
                pendingDash = true;
            }
            if (builder.Length >= MaxLength) break;
        }
        var slug = builder.ToString().Trim('.', '_', '-');
        return slug.Length == 0 ? "article" : slug;
    }
}
