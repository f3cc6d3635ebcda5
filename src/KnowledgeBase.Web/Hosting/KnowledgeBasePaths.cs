using Microsoft.Extensions.Options;

namespace KnowledgeBase.Web.Hosting;

/// <summary>Resolves the configured folders to absolute paths once, relative to the content root.</summary>
public sealed class KnowledgeBasePaths(IHostEnvironment environment, IOptions<StorageOptions> storage, IOptions<ContentOptions> content)
{
    public string DataDirectory { get; } = System.IO.Path.GetFullPath(storage.Value.DataDirectory, environment.ContentRootPath);

    public string? ContentDirectory { get; } = ResolveContent(environment.ContentRootPath, content.Value.Path);

    public string SqliteDatabaseFile => System.IO.Path.Combine(DataDirectory, "knowledgebase.db");

    private static string? ResolveContent(string contentRoot, string configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
            return System.IO.Path.GetFullPath(configured, contentRoot);
        // Run from the repository (dotnet run --project src/KnowledgeBase.Web): the content folder sits at its top.
        for (var dir = new DirectoryInfo(contentRoot); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "content");
            if (Directory.Exists(System.IO.Path.Combine(candidate, "articles")) || File.Exists(System.IO.Path.Combine(candidate, "categories.yml")))
                return candidate;
        }
        return null;
    }
}
