using KnowledgeBase.Bench.Cli;

namespace KnowledgeBase.Bench.Corpus;

/// <summary>The queries of one file, named by the file name without extension ("typo" for queries/typo.tsv).</summary>
public sealed record QuerySet(string Name, IReadOnlyList<BenchQuery> Queries)
{
    /// <summary>Reads 'query&lt;TAB&gt;expected_id' lines; blank lines are skipped, anything else malformed is a usage error.</summary>
    public static QuerySet Load(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot read query file {path}: {ex.Message}");
        }

        var queries = new List<BenchQuery>(lines.Length);
        for (var i = 0; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i])) continue;
            var tab = lines[i].LastIndexOf('\t');
            var text = tab < 0 ? "" : lines[i][..tab].Trim();
            var expected = tab < 0 ? "" : lines[i][(tab + 1)..].Trim();
            if (text.Length == 0 || expected.Length == 0)
                throw new UsageException($"{path}:{i + 1}: expected 'query<TAB>expected_id'");
            queries.Add(new BenchQuery(text, expected));
        }
        if (queries.Count == 0) throw new UsageException($"query file {path} holds no queries");
        return new QuerySet(BenchOptions.QuerySetName(path), queries);
    }
}
