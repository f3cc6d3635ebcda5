using System.Globalization;
using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Import;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace KnowledgeBase.Core.Categories;

/// <summary>Reads content/categories.yml: a tree of categories with id, name, owner, reviewIntervalDays, description, children.</summary>
public static class CategoryFileParser
{
    public static (IReadOnlyList<TicketCategory> Categories, IReadOnlyList<ImportProblem> Problems) Parse(string fileName, string yaml)
    {
        var (categories, problems, _) = ParseWithLines(fileName, yaml);
        return (categories, problems);
    }

    /// <summary><see cref="Parse"/>, with the line of each category's <c>owner:</c> (category id → line) for the importer's reports.</summary>
    public static (IReadOnlyList<TicketCategory> Categories, IReadOnlyList<ImportProblem> Problems, IReadOnlyDictionary<string, int> OwnerLines) ParseWithLines(string fileName, string yaml)
    {
        var ownerLines = new Dictionary<string, int>(StringComparer.Ordinal);
        var categories = new List<TicketCategory>();
        var problems = new List<ImportProblem>();
        YamlStream stream = new();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            problems.Add(new ImportProblem(fileName, (int)Math.Max(ex.Start.Line, 1), $"invalid YAML: {ex.Message}"));
            return (categories, problems, ownerLines);
        }
        if (stream.Documents.Count == 0) return (categories, problems, ownerLines);
        var root = stream.Documents[0].RootNode;
        var list = root switch
        {
            YamlMappingNode map when map.Children.TryGetValue(new YamlScalarNode("categories"), out var node) => node as YamlSequenceNode,
            YamlSequenceNode seq => seq,
            _ => null,
        };
        if (list is null)
        {
            problems.Add(new ImportProblem(fileName, (int)root.Start.Line, "expected a 'categories:' list"));
            return (categories, problems, ownerLines);
        }
        var ids = new HashSet<string>(StringComparer.Ordinal);
        Walk(list, null);
        return (categories, problems, ownerLines);

        void Walk(YamlSequenceNode items, string? parentId)
        {
            foreach (var item in items.Children)
            {
                var line = (int)item.Start.Line;
                if (item is not YamlMappingNode map)
                {
                    problems.Add(new ImportProblem(fileName, line, "each category must be a mapping with id, name and owner"));
                    continue;
                }
                string? Get(string key) => map.Children.TryGetValue(new YamlScalarNode(key), out var v) && v is YamlScalarNode s ? s.Value : null;
                var id = Get("id")?.Trim();
                var name = Get("name")?.Trim();
                var owner = Get("owner")?.Trim();
                if (id is null || !ArticleId.IsValid(id)) { problems.Add(new ImportProblem(fileName, line, $"category id '{id}' is missing or not a slug")); continue; }
                if (!ids.Add(id)) { problems.Add(new ImportProblem(fileName, line, $"duplicate category id '{id}'")); continue; }
                if (string.IsNullOrEmpty(name)) { problems.Add(new ImportProblem(fileName, line, $"category '{id}' has no name")); continue; }
                if (string.IsNullOrEmpty(owner)) { problems.Add(new ImportProblem(fileName, line, $"category '{id}' has no owner")); continue; }
                var interval = TicketCategory.DefaultReviewIntervalDays;
                // Present but not a plain number (a list, a mapping, an empty value) is an error too, not the default.
                var hasInterval = map.Children.ContainsKey(new YamlScalarNode("reviewIntervalDays"));
                var intervalText = Get("reviewIntervalDays");
                if (hasInterval && (!int.TryParse(intervalText, NumberStyles.None, CultureInfo.InvariantCulture, out interval) || interval is < 1 or > 3650))
                {
                    problems.Add(new ImportProblem(fileName, line, $"category '{id}': reviewIntervalDays must be a whole number of days from 1 to 3650"));
                    continue;
                }
                ownerLines[id] = map.Children.TryGetValue(new YamlScalarNode("owner"), out var ownerNode) ? (int)ownerNode.Start.Line : line;
                categories.Add(new TicketCategory
                {
                    Id = id, Name = name, Owner = owner, ParentId = parentId, ReviewIntervalDays = interval,
                    Description = Get("description")?.Trim() ?? "", SortOrder = categories.Count,
                });
                if (map.Children.TryGetValue(new YamlScalarNode("children"), out var children) && children is YamlSequenceNode childList)
                    Walk(childList, id);
            }
        }
    }
}
