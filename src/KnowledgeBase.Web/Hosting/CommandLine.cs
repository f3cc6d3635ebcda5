using KnowledgeBase.Data;
using KnowledgeBase.Data.Import;

namespace KnowledgeBase.Web.Hosting;

/// <summary>
/// Maintenance commands run instead of the site: <c>import PATH</c>. Each prints what it did and returns an exit code.
/// </summary>
public static class CommandLine
{
    private static readonly string[] Commands = ["import"];

    public static bool IsCommand(string[] args) => args.Length > 0 && Commands.Contains(args[0], StringComparer.OrdinalIgnoreCase);

    /// <summary>The arguments the configuration system should see: only <c>--key=value</c> options, not the command's own words.</summary>
    public static string[] ConfigurationArguments(string[] args) =>
        IsCommand(args) ? args.Where(a => a.StartsWith("--", StringComparison.Ordinal) && a.Contains('=')).ToArray() : args;

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        var words = args.Where(a => !(a.StartsWith("--", StringComparison.Ordinal) && a.Contains('='))).ToArray();
        switch (words[0].ToLowerInvariant())
        {
            case "import":
                if (words.Length != 2)
                {
                    await Console.Error.WriteLineAsync("usage: import PATH   (a folder of Markdown files, searched recursively; categories.yml in it is imported too)");
                    return 2;
                }
                return await ImportAsync(app, words[1]);
            default:
                return 2;
        }
    }

    private static async Task<int> ImportAsync(WebApplication app, string folder)
    {
        if (!Directory.Exists(folder))
        {
            await Console.Error.WriteLineAsync($"import: folder '{folder}' does not exist");
            return 2;
        }
        await app.Services.GetRequiredService<KnowledgeBaseContextFactory>().MigrateAsync();
        var report = await app.Services.GetRequiredService<ContentImporter>().ImportAsync(folder);
        foreach (var problem in report.Problems)
            await Console.Error.WriteLineAsync(problem.ToString());
        Console.WriteLine(report.ToString());
        return report.Problems.Count == 0 ? 0 : 1;
    }
}
