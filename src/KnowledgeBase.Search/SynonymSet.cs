namespace KnowledgeBase.Search;

/// <summary>
/// Synonyms in the Solr text format: <c>ad, active directory</c> makes every entry equivalent; <c>2fa =&gt; mfa</c>
/// maps the left side to the right; <c>#</c> starts a comment. They are applied at query time only, so editing the
/// file takes effect on the next <see cref="SearchIndex.ReloadSynonyms"/> without a reindex.
/// </summary>
public sealed class SynonymSet
{
    public static readonly SynonymSet Empty = new([]);

    private SynonymSet(IReadOnlyList<SynonymRule> rules)
    {
        Rules = rules;
    }

    /// <summary>Each rule maps one phrase (as written, lower case) to the phrases a query may use instead.</summary>
    public IReadOnlyList<SynonymRule> Rules { get; }

    public static SynonymSet Load(string path) => File.Exists(path) ? Parse(File.ReadAllText(path)) : Empty;

    public static SynonymSet Parse(string text)
    {
        var rules = new List<SynonymRule>();
        foreach (var rawLine in (text ?? "").Split('\n'))
        {
            var hash = rawLine.IndexOf('#', StringComparison.Ordinal);
            var line = (hash >= 0 ? rawLine[..hash] : rawLine).Trim();
            if (line.Length == 0) continue;
            var arrow = line.IndexOf("=>", StringComparison.Ordinal);
            if (arrow >= 0)
            {
                var from = SplitEntries(line[..arrow]);
                var to = SplitEntries(line[(arrow + 2)..]);
                foreach (var f in from)
                {
                    var alternatives = to.Where(t => t != f).ToArray();
                    if (alternatives.Length > 0) rules.Add(new SynonymRule(f, alternatives));
                }
            }
            else
            {
                var entries = SplitEntries(line);
                if (entries.Count < 2) continue;
                foreach (var e in entries)
                    rules.Add(new SynonymRule(e, entries.Where(o => o != e).ToArray()));
            }
        }
        return new SynonymSet(rules);
    }

    private static List<string> SplitEntries(string text) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(e => e.ToLowerInvariant())
            .Where(e => e.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .ToList();
}
