using System.Reflection;
using KnowledgeBase.Core.Articles;

namespace KnowledgeBase.Search.Tests;

/// <summary>
/// The arrows point one way (docs/architecture.md): Core references nothing of ours; Search references Core only and
/// owns the contracts Data implements (the article change feed, the embedding store), so it never reads Data's tables.
/// </summary>
public sealed class ArchitectureTests
{
    private static IReadOnlyList<string> References(Assembly assembly) =>
        assembly.GetReferencedAssemblies().Select(a => a.Name ?? "").Order(StringComparer.Ordinal).ToList();

    [Fact]
    public void Search_references_Core_and_no_other_project_of_ours_nor_EF_Core()
    {
        var references = References(typeof(SearchIndex).Assembly);

        Assert.Equal(["KnowledgeBase.Core"], references.Where(r => r.StartsWith("KnowledgeBase.", StringComparison.Ordinal)));
        Assert.DoesNotContain(references, r => r.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal) || r.StartsWith("Npgsql", StringComparison.Ordinal));
    }

    [Fact]
    public void Search_project_file_references_Core_alone()
    {
        // The compiled references miss a project reference no code uses yet: the project file is where the arrow is drawn.
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "KnowledgeBase.sln"))) root = root.Parent;
        Assert.NotNull(root);
        var project = System.Xml.Linq.XDocument.Load(Path.Combine(root.FullName, "src", "KnowledgeBase.Search", "KnowledgeBase.Search.csproj"));

        var references = project.Descendants("ProjectReference").Select(r => Path.GetFileName(((string?)r.Attribute("Include") ?? "").Replace('\\', '/'))).ToList();

        Assert.Equal(["KnowledgeBase.Core.csproj"], references);
    }

    [Fact]
    public void Core_references_no_project_of_ours()
    {
        Assert.DoesNotContain(References(typeof(Article).Assembly), r => r.StartsWith("KnowledgeBase.", StringComparison.Ordinal));
    }
}
