using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using KnowledgeBase.Core.Articles;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace KnowledgeBase.Core.Import;

/// <summary>
/// Reads one Markdown file with optional YAML front matter (id, title, state, audience, categories, tags, owner,
/// reviewed, created, updated). Unknown keys are ignored so files written for other knowledge bases import as they are; the title comes
/// from the front matter or the first heading, the id from the front matter or the file name.
/// </summary>
public static partial class ArticleFileParser
{
    public const int MaxTitleLength = 300;

    /// <param name="exactBody">
    /// Keep the body exactly as written after the front matter (line endings, leading and trailing blank lines): a
    /// knowledge base export is read this way, so its articles come back byte for byte. Otherwise the body's line
    /// endings become \n and its leading and trailing blank lines are trimmed.
    /// </param>
    public static (ImportDocument? Document, ImportProblem? Problem) Parse(string relativePath, byte[] bytes, Func<string, bool>? categoryExists = null, bool exactBody = false)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return Fail(relativePath, 0, "the file is not valid UTF-8 text");
        }
        if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
        string? exact = null;
        if (exactBody)
        {
            // The front matter is the writer's (\n line endings); everything after its closing fence is the body as stored.
            var (_, _, rawBody) = SplitFrontMatter(text);
            exact = rawBody;
        }
        text = text.Replace("\r\n", "\n", StringComparison.Ordinal);

        var (yaml, yamlFirstLine, body) = SplitFrontMatter(text);
        if (exact is not null) body = exact;
        if (yaml is null && LooksLikeUnclosedFrontMatter(text))
            return Fail(relativePath, 1, "the front matter is not closed: add a '---' line after its last key");
        var meta = new Dictionary<string, (YamlNode Node, int Line)>(StringComparer.OrdinalIgnoreCase);
        if (yaml is not null)
        {
            try
            {
                var stream = new YamlStream();
                stream.Load(new StringReader(yaml));
                if (stream.Documents.Count > 0 && stream.Documents[0].RootNode is not YamlScalarNode { Value: null or "" })
                {
                    if (stream.Documents[0].RootNode is not YamlMappingNode map)
                        return Fail(relativePath, yamlFirstLine, "front matter must be a set of 'key: value' lines");
                    foreach (var (key, value) in map.Children)
                    {
                        if (key is YamlScalarNode { Value: { } name })
                            meta[name] = (value, yamlFirstLine + (int)key.Start.Line - 1);
                    }
                }
            }
            catch (YamlException ex)
            {
                // Errors found at the end of the stream (an unclosed [ or {) point past the last line: report the last
                // line written instead.
                var yamlLines = yaml.TrimEnd().Split('\n').Length;
                var line = yamlFirstLine + (int)Math.Clamp(ex.Start.Line, 1, yamlLines) - 1;
                return Fail(relativePath, line, $"invalid front matter: {FirstSentence(ex.Message)}");
            }
            catch (InvalidOperationException)
            {
                // YamlDotNet's scanner throws this (not a YamlException) on some unterminated flow collections; it
                // gives no position, so point at the last line of the front matter.
                return Fail(relativePath, yamlFirstLine + yaml.TrimEnd().Split('\n').Length - 1, "invalid front matter: an unclosed '[', '{' or quote");
            }
        }

        var rendered = Markdown.ArticleRenderer.Render(body);

        string id;
        if (meta.TryGetValue("id", out var idNode))
        {
            if (!TryScalar(idNode.Node, out var idText) || !ArticleId.IsValid(idText))
                return Fail(relativePath, idNode.Line, $"id must be 1–{ArticleId.MaxLength} letters, digits, '.', '_' or '-' starting with a letter or digit");
            id = idText;
        }
        else
        {
            id = ArticleId.Slugify(Path.GetFileNameWithoutExtension(relativePath));
        }

        string? title = null;
        if (meta.TryGetValue("title", out var titleNode))
        {
            if (!TryScalar(titleNode.Node, out var t) || string.IsNullOrWhiteSpace(t))
                return Fail(relativePath, titleNode.Line, "title must be a non-empty text");
            title = t.Trim();
        }
        title ??= rendered.FirstHeading;
        if (string.IsNullOrWhiteSpace(title))
            return Fail(relativePath, 1, "no title: add 'title:' to the front matter or start the body with a '# Heading'");
        if (title.Length > MaxTitleLength)
            return Fail(relativePath, titleNode.Node is null ? FirstHeadingLine(text, body) : titleNode.Line, $"title is longer than {MaxTitleLength} characters");

        KcsState? state = null;
        if (meta.TryGetValue("state", out var stateNode))
        {
            if (!TryScalar(stateNode.Node, out var s) || !KcsNames.TryParseState(s, out state))
                return Fail(relativePath, stateNode.Line, $"unknown state '{ScalarText(stateNode.Node)}' (expected WIP, Not Validated, Validated or Archived)");
        }

        Audience? audience = null;
        if (meta.TryGetValue("audience", out var audienceNode))
        {
            if (!TryScalar(audienceNode.Node, out var a))
                return Fail(relativePath, audienceNode.Line, "audience must be Internal or Customer");
            // Other knowledge bases use their own audience words (e.g. "ITPro"): the file is then treated as not
            // saying (a new article is Internal, the audience that exposes nothing) rather than failing it.
            if (KcsNames.TryParseAudience(a, out var parsed)) audience = parsed;
        }
        if (audience == Articles.Audience.Customer && (state ?? KcsState.NotValidated) != KcsState.Validated)
            return Fail(relativePath, audienceNode.Line, "audience Customer requires state Validated");

        var categories = new List<string>();
        if (meta.TryGetValue("categories", out var catNode) || meta.TryGetValue("category", out catNode))
        {
            if (!TryList(catNode.Node, out var list, out var lines))
                return Fail(relativePath, catNode.Line, "categories must be a list of category ids");
            for (var i = 0; i < list.Count; i++)
            {
                var cid = list[i].Trim();
                if (categoryExists is not null && !categoryExists(cid))
                    return Fail(relativePath, yamlFirstLine + lines[i] - 1, $"unknown category '{cid}'");
                if (!categories.Contains(cid, StringComparer.Ordinal)) categories.Add(cid);
            }
        }

        var tags = new List<string>();
        if (meta.TryGetValue("tags", out var tagNode))
        {
            if (!TryList(tagNode.Node, out var list, out _))
                return Fail(relativePath, tagNode.Line, "tags must be a list of words");
            foreach (var tag in list.Select(ArticleTag.Normalize).Where(t => t.Length > 0))
                if (!tags.Contains(tag, StringComparer.Ordinal)) tags.Add(tag);
        }

        List<string>? clients = null;
        if (meta.TryGetValue("clients", out var clientNode))
        {
            if (!TryList(clientNode.Node, out var list, out _))
                return Fail(relativePath, clientNode.Line, "clients must be a list of client names ([] for every client)");
            if (ClientNames.ListProblem(list) is { } clientProblem) return Fail(relativePath, clientNode.Line, "clients: " + clientProblem);
            clients = ClientNames.Distinct(list).ToList();
        }

        string? owner = null;
        var ownerLine = 0;
        if (meta.TryGetValue("owner", out var ownerNode))
        {
            ownerLine = ownerNode.Line;
            if (!TryScalar(ownerNode.Node, out var o) || o.Length > 256)
                return Fail(relativePath, ownerNode.Line, "owner must be a user's e-mail or user name, or a team's name, of at most 256 characters");
            owner = string.IsNullOrWhiteSpace(o) ? null : o.Trim();
        }

        DateTime? reviewed = null;
        if (meta.TryGetValue("reviewed", out var reviewedNode))
        {
            if (!TryScalar(reviewedNode.Node, out var r)
                || !DateTime.TryParse(r, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var date))
                return Fail(relativePath, reviewedNode.Line, $"reviewed must be a date such as 2026-05-31, not '{ScalarText(reviewedNode.Node)}'");
            reviewed = DateTime.SpecifyKind(date, DateTimeKind.Utc);
        }

        DateTime? created = null;
        var createdLine = 0;
        if (meta.TryGetValue("created", out var createdNode))
        {
            createdLine = createdNode.Line;
            if (!TryScalar(createdNode.Node, out var c) || !TryParseTimestamp(c, out var date))
                return Fail(relativePath, createdNode.Line, $"created must be a date or a date and time such as 2024-05-31 or 2024-05-31T14:30:00Z, not '{ScalarText(createdNode.Node)}'");
            created = date;
        }

        DateTime? updated = null;
        var updatedLine = 0;
        if (meta.TryGetValue("updated", out var updatedNode))
        {
            updatedLine = updatedNode.Line;
            if (!TryScalar(updatedNode.Node, out var u) || !TryParseTimestamp(u, out var date))
                return Fail(relativePath, updatedNode.Line, $"updated must be a date or a date and time such as 2024-05-31 or 2024-05-31T14:30:00Z, not '{ScalarText(updatedNode.Node)}'");
            if (created is { } from && date < from)
                return Fail(relativePath, updatedNode.Line, $"updated ({u}) is before created ({ScalarText(createdNode.Node)})");
            updated = date;
        }

        return (new ImportDocument
        {
            Id = id,
            SourcePath = relativePath,
            Title = title,
            Body = exact ?? body.Trim('\n') + "\n",
            State = state,
            Audience = audience,
            Categories = categories,
            Tags = tags,
            Clients = clients,
            Owner = owner,
            OwnerLine = ownerLine,
            Reviewed = reviewed,
            Created = created,
            CreatedLine = createdLine,
            Updated = updated,
            UpdatedLine = updatedLine,
            ContentHash = hash,
            Rendered = rendered,
        }, null);
    }

    /// <summary>
    /// An ISO 8601 date (midnight UTC) or date and time; without an offset it is UTC. Only the year-first forms, so
    /// 03/04/2024 is never read as the wrong month.
    /// </summary>
    public static bool TryParseTimestamp(string text, out DateTime utc)
    {
        utc = default;
        text = text.Trim();
        if (!IsoDate().IsMatch(text)) return false;
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)) return false;
        utc = parsed.UtcDateTime;
        return true;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^\d{4}-\d{2}-\d{2}(?:$|[T ]\d{2}:\d{2})")]
    private static partial System.Text.RegularExpressions.Regex IsoDate();

    /// <summary>Splits "---\nyaml\n---\nbody". Returns the YAML (or null), the file line its first line is on, and the body.</summary>
    internal static (string? Yaml, int FirstLine, string Body) SplitFrontMatter(string text)
    {
        if (!text.StartsWith("---\n", StringComparison.Ordinal) && text != "---")
            return (null, 0, text);
        var lines = text.Split('\n');
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd();
            if (line is "---" or "...")
                return (string.Join('\n', lines[1..i]), 2, string.Join('\n', lines[(i + 1)..]));
        }
        // An opening fence without a closing one is not front matter: keep the text as the body.
        return (null, 0, text);
    }

    private static bool TryScalar(YamlNode node, out string value)
    {
        value = node is YamlScalarNode scalar ? scalar.Value ?? "" : "";
        return node is YamlScalarNode;
    }

    private static string ScalarText(YamlNode node) => node is YamlScalarNode s ? s.Value ?? "" : node.NodeType.ToString().ToLowerInvariant();

    /// <summary>The values of a list, each with the front matter line (1-based) it is written on.</summary>
    private static bool TryList(YamlNode node, out List<string> values, out List<int> yamlLines)
    {
        values = [];
        yamlLines = [];
        switch (node)
        {
            case YamlSequenceNode seq:
                foreach (var item in seq.Children)
                {
                    if (item is not YamlScalarNode { Value: { } v }) return false;
                    if (string.IsNullOrWhiteSpace(v)) continue;
                    values.Add(v.Trim());
                    yamlLines.Add((int)item.Start.Line);
                }
                return true;
            case YamlScalarNode { Value: var v }:
                // "tags: a, b" is a common shorthand.
                values.AddRange((v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                yamlLines.AddRange(values.Select(_ => (int)node.Start.Line));
                return true;
            default:
                return false;
        }
    }

    /// <summary>A file that opens with '---' and a 'key:' line but never closes the fence: front matter someone forgot to end.</summary>
    private static bool LooksLikeUnclosedFrontMatter(string text)
    {
        if (!text.StartsWith("---\n", StringComparison.Ordinal)) return false;
        var secondLine = text[4..].Split('\n', 2)[0];
        var colon = secondLine.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && secondLine[..colon].All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');
    }

    /// <summary>The file line of the body's first level-1 heading (where the title came from), or 1.</summary>
    private static int FirstHeadingLine(string text, string body)
    {
        var bodyFirstLine = text.AsSpan(0, text.Length - body.Length).Count('\n') + 1;
        var heading = Markdig.Syntax.MarkdownObjectExtensions.Descendants<Markdig.Syntax.HeadingBlock>(Markdig.Markdown.Parse(body, Markdown.ArticleRenderer.Pipeline))
            .FirstOrDefault(h => h.Level == 1 && h.Inline?.FirstChild is not null);
        return heading is null ? 1 : bodyFirstLine + heading.Line;
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(". ", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).Trim().TrimEnd('.');
    }

    private static (ImportDocument?, ImportProblem?) Fail(string file, int line, string reason) => (null, new ImportProblem(file, line, reason));
}
