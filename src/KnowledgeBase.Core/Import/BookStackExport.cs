using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using KnowledgeBase.Core.Articles;

namespace KnowledgeBase.Core.Import;

/// <summary>
/// Reads a BookStack portable ZIP's <c>data.json</c> (BookStack's dev/docs/portable-zip-file-format.md: a <c>book</c>,
/// <c>chapter</c> or <c>page</c> object; pages with <c>markdown</c> or <c>html</c>, <c>images</c>, <c>attachments</c> and
/// <c>tags</c>; files in the ZIP's <c>files/</c> referenced as <c>[[bsexport:image:NAME]]</c> and
/// <c>[[bsexport:attachment:NAME]]</c>, other items as <c>[[bsexport:page:ID]]</c>, <c>chapter</c>, <c>book</c>) and turns
/// it into what the Markdown folder import reads: one article file per page, a <c>categories.yml</c> with the book as a
/// category and its chapters as its children, and the files to copy under the names BookStack showed.
/// </summary>
public static partial class BookStackExport
{
    public const string DataFileName = "data.json";
    public const string FilesFolder = "files";

    /// <param name="Files">Article files to write (relative path → text).</param>
    /// <param name="Copies">Files of the ZIP to copy (path under <c>files/</c> → relative path the articles refer to).</param>
    public sealed record Conversion(IReadOnlyDictionary<string, string> Files, IReadOnlyDictionary<string, string> Copies, IReadOnlyList<ImportProblem> Problems);

    /// <param name="owner">Who owns the categories made from books and chapters (an e-mail, a user name or a team's name).</param>
    public static Conversion Convert(string json, string owner)
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        var copies = new Dictionary<string, string>(StringComparer.Ordinal);
        var problems = new List<ImportProblem>();
        JsonElement root;
        try
        {
            root = JsonDocument.Parse(json).RootElement;
        }
        catch (JsonException ex)
        {
            problems.Add(new ImportProblem(DataFileName, (int)(ex.LineNumber ?? 0) + 1, $"not valid JSON: {ex.Message.Split(" Path:")[0].TrimEnd('.')}"));
            return new Conversion(files, copies, problems);
        }
        if (root.ValueKind != JsonValueKind.Object)
        {
            problems.Add(new ImportProblem(DataFileName, 1, "expected an object with a book, a chapter or a page"));
            return new Conversion(files, copies, problems);
        }

        var state = new State(files, copies, problems);
        var categories = new StringBuilder("# Made from a BookStack export: the book is a category, its chapters its children.\ncategories:\n");
        if (root.TryGetProperty("book", out var book) && book.ValueKind == JsonValueKind.Object)
        {
            var bookId = state.CategoryId(Text(book, "name") ?? "book", null);
            state.ItemCategory[("book", Id(book))] = bookId;
            var chapters = Array(book, "chapters").OrderBy(Priority).ToList();
            foreach (var chapter in chapters) state.ItemCategory[("chapter", Id(chapter))] = state.CategoryId(Text(chapter, "name") ?? "chapter", bookId);
            WriteCategory(categories, "  ", bookId, Text(book, "name"), owner, Text(book, "description_html"));
            if (chapters.Count > 0)
            {
                categories.Append("    children:\n");
                foreach (var chapter in chapters)
                    WriteCategory(categories, "      ", state.ItemCategory[("chapter", Id(chapter))], Text(chapter, "name"), owner, Text(chapter, "description_html"));
            }
            foreach (var page in Array(book, "pages")) state.Page(page, bookId);
            foreach (var chapter in chapters)
                foreach (var page in Array(chapter, "pages")) state.Page(page, state.ItemCategory[("chapter", Id(chapter))]);
        }
        else if (root.TryGetProperty("chapter", out var chapter) && chapter.ValueKind == JsonValueKind.Object)
        {
            var chapterId = state.CategoryId(Text(chapter, "name") ?? "chapter", null);
            state.ItemCategory[("chapter", Id(chapter))] = chapterId;
            WriteCategory(categories, "  ", chapterId, Text(chapter, "name"), owner, Text(chapter, "description_html"));
            foreach (var page in Array(chapter, "pages")) state.Page(page, chapterId);
        }
        else if (root.TryGetProperty("page", out var page) && page.ValueKind == JsonValueKind.Object)
        {
            state.Page(page, null);
        }
        else
        {
            problems.Add(new ImportProblem(DataFileName, 1, "no book, chapter or page in it: not a BookStack export this import can read"));
            return new Conversion(files, copies, problems);
        }
        if (state.ItemCategory.Count > 0) files[Import.CategoriesFileName] = categories.ToString();
        state.ResolveLinks();
        return new Conversion(files, copies, problems);
    }

    private static class Import
    {
        public const string CategoriesFileName = "categories.yml";
    }

    private sealed class State(Dictionary<string, string> files, Dictionary<string, string> copies, List<ImportProblem> problems)
    {
        public Dictionary<(string Kind, string Id), string> ItemCategory { get; } = [];
        private readonly Dictionary<string, string> _pageArticle = new(StringComparer.Ordinal);
        private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
        private readonly HashSet<string> _paths = new(StringComparer.Ordinal);

        public string CategoryId(string name, string? parent)
        {
            var slug = ArticleId.Slugify(name);
            var id = Unique(string.IsNullOrEmpty(slug) ? "bookstack" : parent is null ? slug : $"{parent}-{slug}");
            return id;
        }

        private string Unique(string id)
        {
            if (id.Length > 90) id = id[..90].TrimEnd('-', '.');
            var candidate = id;
            for (var n = 2; !_ids.Add(candidate); n++) candidate = $"{id}-{n}";
            return candidate;
        }

        public void Page(JsonElement page, string? category)
        {
            var name = Text(page, "name")?.Trim();
            var bookStackId = Id(page);
            var articleId = Unique(bookStackId.Length > 0 ? $"bookstack-page-{bookStackId}" : ArticleId.Slugify(name ?? "page"));
            if (string.IsNullOrEmpty(name))
            {
                problems.Add(new ImportProblem(DataFileName, 0, $"page {(bookStackId.Length > 0 ? bookStackId : articleId)} has no name; not imported"));
                return;
            }
            if (bookStackId.Length > 0) _pageArticle[bookStackId] = articleId;

            // Files go to media/{article}/ under the name BookStack showed, so downloads keep their names.
            string Target(string file, string? shownName)
            {
                if (copies.TryGetValue(file, out var known)) return known;
                var safe = SafeName(shownName, file);
                var path = $"media/{articleId}/{safe}";
                for (var n = 2; !_paths.Add(path); n++)
                    path = $"media/{articleId}/{Path.GetFileNameWithoutExtension(safe)}-{n}{Path.GetExtension(safe)}";
                copies[file] = path;
                return path;
            }
            var imageNames = Array(page, "images").Where(i => Text(i, "file") is not null).ToDictionary(i => Text(i, "file")!, i => Text(i, "name"), StringComparer.Ordinal);
            var attachments = Array(page, "attachments").OrderBy(a => a.TryGetProperty("order", out var o) && o.TryGetInt32(out var v) ? v : 0).ToList();
            var attachmentNames = attachments.Where(a => Text(a, "file") is not null).ToDictionary(a => Text(a, "file")!, a => Text(a, "name"), StringComparer.Ordinal);

            var markdown = Text(page, "markdown");
            var body = !string.IsNullOrWhiteSpace(markdown) ? markdown : Text(page, "html") ?? "";
            var referenced = new HashSet<string>(StringComparer.Ordinal);
            body = Reference().Replace(body, m =>
            {
                var kind = m.Groups["kind"].Value;
                var value = m.Groups["ref"].Value;
                switch (kind)
                {
                    case "image":
                        referenced.Add(value);
                        return Escape(Target(value, imageNames.GetValueOrDefault(value)));
                    case "attachment":
                        referenced.Add(value);
                        return Escape(Target(value, attachmentNames.GetValueOrDefault(value)));
                    default:
                        return $"[[link:{kind}:{value}]]"; // resolved once every page and chapter has its id
                }
            });

            // Attachments the page lists but its text does not mention: a list at the end, as BookStack shows them beside the page.
            var listed = new List<string>();
            foreach (var attachment in attachments)
            {
                var shown = Text(attachment, "name") ?? "attachment";
                if (Text(attachment, "file") is { } file)
                {
                    if (referenced.Contains(file)) continue;
                    listed.Add($"- [{Label(shown)}]({Escape(Target(file, shown))})");
                }
                else if (Text(attachment, "link") is { } link && Uri.TryCreate(link, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
                {
                    listed.Add($"- [{Label(shown)}](<{link}>)");
                }
            }
            if (listed.Count > 0) body = body.TrimEnd() + "\n\n## Attachments\n\n" + string.Join('\n', listed) + "\n";

            var tags = Array(page, "tags").Select(t =>
            {
                var tagName = Text(t, "name") ?? "";
                var value = Text(t, "value");
                return string.IsNullOrWhiteSpace(value) ? tagName : $"{tagName} {value}";
            }).Where(t => ArticleTag.Normalize(t).Length > 0).Select(ArticleTag.Normalize).Distinct().Take(ArticleEdit.MaxTags).ToList();

            var text = new StringBuilder("---\n");
            text.Append("id: ").Append(ArticleFileWriter.Quote(articleId)).Append('\n');
            text.Append("title: ").Append(ArticleFileWriter.Quote(name)).Append('\n');
            if (category is not null) text.Append("categories: [").Append(ArticleFileWriter.Quote(category)).Append("]\n");
            if (tags.Count > 0) text.Append("tags: [").Append(string.Join(", ", tags.Select(ArticleFileWriter.Quote))).Append("]\n");
            if (bookStackId.Length > 0) text.Append("bookstack-page: ").Append(bookStackId).Append('\n');
            text.Append("---\n").Append(body.TrimEnd('\n')).Append('\n');
            files[articleId + ".md"] = text.ToString();
        }

        /// <summary>Links between items become links to the articles and categories made from them.</summary>
        public void ResolveLinks()
        {
            foreach (var path in files.Keys.Where(p => p.EndsWith(".md", StringComparison.Ordinal)).ToList())
            {
                files[path] = ItemLink().Replace(files[path], m =>
                {
                    var kind = m.Groups["kind"].Value;
                    var id = m.Groups["ref"].Value;
                    if (kind == "page" && _pageArticle.TryGetValue(id, out var article)) return "/articles/" + article;
                    if (ItemCategory.TryGetValue((kind, id), out var category)) return "/?category=" + category;
                    problems.Add(new ImportProblem(path, 0, $"a link to BookStack {kind} {id}, which is not in this export; left pointing nowhere ('#')"));
                    return "#";
                });
            }
        }
    }

    private static void WriteCategory(StringBuilder yaml, string indent, string id, string? name, string owner, string? descriptionHtml)
    {
        yaml.Append(indent).Append("- id: ").Append(ArticleFileWriter.Quote(id)).Append('\n');
        yaml.Append(indent).Append("  name: ").Append(ArticleFileWriter.Quote(Cut(name?.Trim() is { Length: > 0 } n ? n : id, 200))).Append('\n');
        yaml.Append(indent).Append("  owner: ").Append(ArticleFileWriter.Quote(owner)).Append('\n');
        var description = PlainText(descriptionHtml);
        if (description.Length > 0) yaml.Append(indent).Append("  description: ").Append(ArticleFileWriter.Quote(Cut(description, 2000))).Append('\n');
    }

    private static string PlainText(string? html) =>
        html is null ? "" : Whitespace().Replace(WebUtility.HtmlDecode(Tags().Replace(html, " ")), " ").Trim();

    private static string Cut(string text, int length) => text.Length <= length ? text : text[..length].TrimEnd();

    /// <summary>The shown name as a file name, with the stored file's extension when the name has none.</summary>
    private static string SafeName(string? shown, string file)
    {
        var name = Path.GetFileName((shown ?? "").Replace('\\', '/')).Trim();
        name = new string(name.Select(c => char.IsLetterOrDigit(c) || c is ' ' or '-' or '_' or '.' ? c : '_').ToArray()).Trim(' ', '.');
        if (name.Length == 0) name = Path.GetFileNameWithoutExtension(file);
        if (Path.GetExtension(name).Length == 0) name += Path.GetExtension(file);
        return name.Length > 120 ? name[^120..] : name;
    }

    private static string Escape(string path) => string.Join('/', path.Split('/').Select(Uri.EscapeDataString));

    private static string Label(string text) => text.Replace("[", "(", StringComparison.Ordinal).Replace("]", ")", StringComparison.Ordinal);

    private static string Id(JsonElement item) => item.TryGetProperty("id", out var id)
        ? id.ValueKind == JsonValueKind.Number && id.TryGetInt64(out var n) ? n.ToString(CultureInfo.InvariantCulture) : id.ValueKind == JsonValueKind.String ? id.GetString() ?? "" : ""
        : "";

    private static int Priority(JsonElement item) => item.TryGetProperty("priority", out var p) && p.TryGetInt32(out var v) ? v : 0;

    private static string? Text(JsonElement item, string property) =>
        item.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static IEnumerable<JsonElement> Array(JsonElement item, string property) =>
        item.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object) : [];

    [GeneratedRegex(@"\[\[bsexport:(?<kind>image|attachment|page|chapter|book):(?<ref>[^\]\s]+)\]\]")]
    private static partial Regex Reference();

    [GeneratedRegex(@"\[\[link:(?<kind>page|chapter|book):(?<ref>[^\]\s]+)\]\]")]
    private static partial Regex ItemLink();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
