using System.Text;
using KnowledgeBase.Bench.Cli;
using KnowledgeBase.Bench.Engines;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace KnowledgeBase.Bench.Corpus;

/// <summary>
/// Reads a folder of NNNNNN.md files (kb-eval's layout): the id is the file name, the title comes from the front
/// matter or else the first '# heading', the body is the Markdown after the front matter.
/// </summary>
/// <remarks>
/// Not <c>ArticleFileParser</c>: that one renders and sanitizes HTML for import, which would make loading 5,721 files
/// the slowest step of a benchmark that only needs text, and rejects files an importer should reject.
/// </remarks>
public static class ArticleLoader
{
    public static IReadOnlyList<BenchArticle> Load(string directory)
    {
        string[] files;
        try
        {
            files = Directory.GetFiles(directory, "*.md", SearchOption.TopDirectoryOnly);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot list articles folder {directory}: {ex.Message}");
        }
        if (files.Length == 0) throw new UsageException($"no *.md files in articles folder {directory}");
        Array.Sort(files, StringComparer.Ordinal);

        var articles = new BenchArticle[files.Length];
        for (var i = 0; i < files.Length; i++)
        {
            string text;
            try
            {
                text = File.ReadAllText(files[i], Encoding.UTF8);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"cannot read article {files[i]}: {ex.Message}");
            }
            articles[i] = Parse(Path.GetFileNameWithoutExtension(files[i]), text);
        }
        return articles;
    }

    public static BenchArticle Parse(string id, string text)
    {
        text = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        var (yaml, body) = SplitFrontMatter(text);
        var title = (yaml is null ? null : TitleFromYaml(yaml)) ?? FirstHeading(body) ?? id;
        return new BenchArticle(id, title, body.Trim('\n'));
    }

    private static (string? Yaml, string Body) SplitFrontMatter(string text)
    {
        if (!text.StartsWith("---\n", StringComparison.Ordinal)) return (null, text);
        var end = text.IndexOf("\n---\n", 3, StringComparison.Ordinal);
        if (end < 0)
            return text.EndsWith("\n---", StringComparison.Ordinal) ? (text[4..^4], "") : (null, text);
        return (text[4..end], text[(end + 5)..]);
    }

    private static string? TitleFromYaml(string yaml)
    {
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            if (stream.Documents.Count > 0
                && stream.Documents[0].RootNode is YamlMappingNode map
                && map.Children.TryGetValue(new YamlScalarNode("title"), out var node)
                && node is YamlScalarNode { Value: { } value }
                && !string.IsNullOrWhiteSpace(value))
                return value.Trim();
            return null;
        }
        catch (YamlException)
        {
            // Published front matter is not always valid YAML; a plain 'title:' line is still worth having.
            var line = yaml.Split('\n').FirstOrDefault(l => l.StartsWith("title:", StringComparison.Ordinal));
            var value = line?["title:".Length..].Trim().Trim('"', '\'').Trim();
            return string.IsNullOrEmpty(value) ? null : value;
        }
    }

    private static string? FirstHeading(string body)
    {
        foreach (var line in body.Split('\n'))
            if (line.StartsWith("# ", StringComparison.Ordinal)) return line[2..].Trim();
        return null;
    }
}
