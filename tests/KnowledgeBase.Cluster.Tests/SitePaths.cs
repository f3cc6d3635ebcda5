namespace KnowledgeBase.Cluster.Tests;

/// <summary>Where the repository and the site's build output are, seen from this test assembly.</summary>
public static class SitePaths
{
    public static string Root { get; } = FindRoot();

    public static string Content => Path.Combine(Root, "content");

    /// <summary>The site built in the same configuration as these tests (bin/Release or bin/Debug).</summary>
    public static string WebDll => BuiltDll("KnowledgeBase.Web");

    /// <summary>The YARP proxy of the docker-compose cluster profile.</summary>
    public static string ProxyDll => BuiltDll("KnowledgeBase.Proxy");

    private static string BuiltDll(string project)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var dll = Path.Combine(Root, "src", project, "bin", configuration, "net10.0", project + ".dll");
        if (!File.Exists(dll)) throw new InvalidOperationException($"{project} is not built at {dll}: build tests/KnowledgeBase.Cluster.Tests (it builds it first).");
        return dll;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "KnowledgeBase.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("KnowledgeBase.sln not found above " + AppContext.BaseDirectory);
    }
}
