using Lucene.Net.Analysis;

namespace KnowledgeBase.Search.Querying;

/// <summary>
/// The synonym rules analysed like queries, so "Active Directory" in a rule matches "active directories" in a query
/// (both stem to the same terms). Matches prefer the longest phrase starting at a word.
/// </summary>
internal sealed class SynonymMatcher
{
    private readonly Dictionary<string, List<List<QueryUnit>>> _rules = new(StringComparer.Ordinal);
    private readonly int _maxLength;

    public SynonymMatcher(SynonymSet synonyms, Analyzer analyzer)
    {
        foreach (var rule in synonyms.Rules)
        {
            var from = QueryAnalysis.Analyze(analyzer, rule.Phrase);
            if (from.Count == 0) continue;
            var key = Key(from.Select(u => u.Term));
            if (!_rules.TryGetValue(key, out var alternatives)) _rules[key] = alternatives = [];
            foreach (var alternative in rule.Alternatives)
            {
                var units = QueryAnalysis.Analyze(analyzer, alternative);
                if (units.Count == 0 || Key(units.Select(u => u.Term)) == key) continue;
                if (alternatives.Any(a => Key(a.Select(u => u.Term)) == Key(units.Select(u => u.Term)))) continue;
                alternatives.Add(units);
            }
            _maxLength = Math.Max(_maxLength, from.Count);
        }
    }

    public bool IsEmpty => _rules.Count == 0;

    /// <summary>Finds rule matches over consecutive units: (first unit, unit count, alternatives).</summary>
    public List<(int Start, int Length, List<List<QueryUnit>> Alternatives)> Match(IReadOnlyList<QueryUnit> units)
    {
        var matches = new List<(int, int, List<List<QueryUnit>>)>();
        if (_rules.Count == 0) return matches;
        var i = 0;
        while (i < units.Count)
        {
            var matched = false;
            for (var length = Math.Min(_maxLength, units.Count - i); length >= 1; length--)
            {
                if (!Consecutive(units, i, length)) continue;
                if (_rules.TryGetValue(Key(units.Skip(i).Take(length).Select(u => u.Term)), out var alternatives) && alternatives.Count > 0)
                {
                    matches.Add((i, length, alternatives));
                    i += length;
                    matched = true;
                    break;
                }
            }
            if (!matched) i++;
        }
        return matches;
    }

    // A phrase only matches words the user wrote next to each other (stop words between them are fine).
    private static bool Consecutive(IReadOnlyList<QueryUnit> units, int start, int length)
    {
        for (var k = start + 1; k < start + length; k++)
            if (units[k].Position - units[k - 1].LastPosition > 2) return false;
        return true;
    }

    private static string Key(IEnumerable<string> terms) => string.Join(' ', terms);
}
