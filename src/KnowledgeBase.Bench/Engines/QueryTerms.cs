using System.Text;

namespace KnowledgeBase.Bench.Engines;

/// <summary>
/// Cuts a free-text query into the terms the SQL peers are given: runs of letters and digits, lower-cased, each once.
/// Anything else is dropped so no query can be a syntax error in FTS5 MATCH or to_tsquery.
/// </summary>
public static class QueryTerms
{
    public static IReadOnlyList<string> Split(string query)
    {
        var terms = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var current = new StringBuilder();
        foreach (var c in query)
        {
            if (char.IsLetterOrDigit(c))
            {
                current.Append(char.ToLowerInvariant(c));
                continue;
            }
            Flush();
        }
        Flush();
        return terms;

        void Flush()
        {
            if (current.Length == 0) return;
            var term = current.ToString();
            current.Clear();
            if (seen.Add(term)) terms.Add(term);
        }
    }
}
