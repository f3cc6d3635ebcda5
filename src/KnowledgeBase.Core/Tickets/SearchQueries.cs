using System.Text;

namespace KnowledgeBase.Core.Tickets;

public static class SearchQueries
{
    /// <summary>
    /// Lower case, punctuation to spaces, whitespace collapsed: "Outlook  keeps prompting!" and "outlook keeps
    /// prompting" are the same content gap. Error codes keep their shape (0x80070005, AADSTS50076).
    /// </summary>
    public static string Normalize(string query)
    {
        var builder = new StringBuilder(query.Length);
        var pendingSpace = false;
        foreach (var c in query.Trim())
        {
            if (char.IsLetterOrDigit(c) || c is '-' or '_' or '.' or '#')
            {
                if (pendingSpace && builder.Length > 0) builder.Append(' ');
                builder.Append(char.ToLowerInvariant(c));
                pendingSpace = false;
            }
            else
            {
                pendingSpace = true;
            }
        }
        var normalized = builder.ToString().Trim('.', '-', '_');
        return normalized.Length <= SearchLogEntry.MaxQueryLength ? normalized : normalized[..SearchLogEntry.MaxQueryLength];
    }
}
