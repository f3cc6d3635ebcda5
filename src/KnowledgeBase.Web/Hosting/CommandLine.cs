using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Lifecycle;
using KnowledgeBase.Data;
using KnowledgeBase.Data.Import;
using KnowledgeBase.Web.Identity;
using Microsoft.EntityFrameworkCore;

namespace KnowledgeBase.Web.Hosting;

/// <summary>
/// Maintenance commands run instead of the site: <c>import PATH</c> (a folder or a ZIP), <c>export FILE.zip [--article ID]</c>,
/// <c>user create|set-role|unlock|disable|enable|reset-password</c>,
/// <c>demo-data [--seed N] [--replace]</c>, <c>apikey create|list|revoke</c>. Each prints
/// what it did and returns an exit code: 0 done, 1 done with problems or refused, 2 usage error.
/// </summary>
public static class CommandLine
{
    private static readonly string[] Commands = ["import", "export", "user", "demo-data", "apikey"];

    private const string ImportUsage = "usage: import PATH [--owner NAME]   (a folder of Markdown files, searched recursively, with its categories.yml and the images and files they refer to; or a ZIP: this knowledge base's export, a BookStack portable export, or a zipped Markdown folder. --owner: who owns the categories made from BookStack books and chapters)";
    private const string ExportUsage = "usage: export FILE.zip [--article ID]   (the whole knowledge base, or one article, as a portable ZIP that import reads back)";

    private const string UserUsage = """
        usage: user create --email E --password P --role ROLE [--audience internal|customer] [--client NAME]
               user set-role --email E --role ROLE [--audience internal|customer] [--client NAME]
               user unlock --email E
               user disable --email E [--keep-api-keys]
               user enable --email E
               user reset-password --email E [--url SITE-ADDRESS]
        disable: the account cannot sign in and its sessions end within a minute on every node; the API keys it
                 created stop working unless --keep-api-keys.
        reset-password: prints a one-time link (works once, for Identity:PasswordResetLinkHours) to give to the
                 user; SITE-ADDRESS is how users reach the site (default: the first of the site's Urls setting).
        roles: Candidate, Contributor, Publisher, Coach, KnowledgeDomainExpert, Admin
        """;

    public static bool IsCommand(string[] args) => args.Length > 0 && Commands.Contains(args[0], StringComparer.OrdinalIgnoreCase);

    /// <summary>The arguments the configuration system should see: only <c>--key=value</c> options, not the command's own words.</summary>
    public static string[] ConfigurationArguments(string[] args) =>
        IsCommand(args) ? args.Where(IsConfigurationOption).ToArray() : args;

    private static bool IsConfigurationOption(string a) => a.StartsWith("--", StringComparison.Ordinal) && a.Contains('=');

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        var words = args.Where(a => !IsConfigurationOption(a)).ToArray();
        await app.Services.GetRequiredService<KnowledgeBaseContextFactory>().MigrateAsync();
        return words[0].ToLowerInvariant() switch
        {
            "import" => words.Length == 2 ? await ImportAsync(app, words[1], null)
                : words.Length == 4 && words[2] == "--owner" ? await ImportAsync(app, words[1], words[3])
                : await UsageAsync(ImportUsage),
            "export" => await ExportAsync(app, words[1..]),
            "user" => await UserAsync(app, words[1..]),
            "apikey" => await KnowledgeBase.Web.Api.ApiKeyCommand.RunAsync(app, words[1..]),
            "demo-data" => await DemoDataAsync(app, words[1..]),
            _ => 2,
        };
    }

    private static async Task<int> ImportAsync(WebApplication app, string path, string? owner)
    {
        var importer = app.Services.GetRequiredService<ContentImporter>();
        ImportReport report;
        if (File.Exists(path))
        {
            try
            {
                report = await importer.ImportZipAsync(path, categoryOwner: owner);
            }
            catch (ZipRefusedException ex)
            {
                await Console.Error.WriteLineAsync($"import: {ex.Message}");
                return 1;
            }
        }
        else if (Directory.Exists(path))
        {
            report = await importer.ImportAsync(path);
        }
        else
        {
            await Console.Error.WriteLineAsync($"import: '{path}' does not exist (give a folder or a ZIP file)\n{ImportUsage}");
            return 2;
        }
        foreach (var notice in report.Notices)
            await Console.Error.WriteLineAsync(notice.ToString());
        foreach (var problem in report.Problems)
            await Console.Error.WriteLineAsync(problem.ToString());
        Console.WriteLine(report.ToString());
        return report.Problems.Count == 0 ? 0 : 1;
    }

    /// <summary>The whole knowledge base or one article as a portable ZIP; the operator of the machine exports as an Admin.</summary>
    private static async Task<int> ExportAsync(WebApplication app, string[] words)
    {
        if (words.Length == 0 || !words[0].EndsWith(".zip", StringComparison.OrdinalIgnoreCase)) return await UsageAsync(ExportUsage);
        var options = ParseOptions(words[1..], out var unknown);
        if (unknown is not null || options.Keys.Any(k => k != "article")) return await UsageAsync($"export: unknown or incomplete option '{unknown ?? options.Keys.First(k => k != "article")}'\n{ExportUsage}");
        var file = Path.GetFullPath(words[0]);
        if (!Directory.Exists(Path.GetDirectoryName(file)))
        {
            await Console.Error.WriteLineAsync($"export: the folder of '{words[0]}' does not exist");
            return 2;
        }
        var partial = file + ".partial";
        try
        {
            KnowledgeBase.Data.Export.ExportSummary summary;
            await using (var output = File.Create(partial))
                summary = await app.Services.GetRequiredService<KnowledgeBase.Data.Export.KnowledgeBaseExporter>()
                    .WriteAsync(output, KnowledgeBase.Core.Access.Viewer.Internal(KcsRole.Admin), options.GetValueOrDefault("article"));
            // Only a whole ZIP takes the name asked for: an interrupted export never leaves a truncated file there.
            File.Move(partial, file, overwrite: true);
            Console.WriteLine($"exported {summary} to {words[0]} ({KnowledgeBase.Core.Attachments.AttachmentLimits.Describe(new FileInfo(file).Length)})");
            return 0;
        }
        catch (ArticleNotFoundException)
        {
            File.Delete(partial);
            await Console.Error.WriteLineAsync($"export: no article '{options["article"]}'");
            return 1;
        }
    }

    private static async Task<int> UserAsync(WebApplication app, string[] words)
    {
        if (words.Length == 0) return await UsageAsync(UserUsage);
        var options = ParseOptions(words[1..], out var unknown);
        if (unknown is not null) return await UsageAsync($"user: unknown or incomplete option '{unknown}'\n{UserUsage}");
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserAdministration>();
        options.TryGetValue("email", out var email);
        if (string.IsNullOrWhiteSpace(email)) return await UsageAsync($"user: --email is required\n{UserUsage}");

        KcsRole role = default;
        if (words[0] is "create" or "set-role" && (!options.TryGetValue("role", out var roleText) || !Enum.TryParse(roleText, ignoreCase: true, out role) || !Enum.IsDefined(role)))
            return await UsageAsync($"user: --role must be one of Candidate, Contributor, Publisher, Coach, KnowledgeDomainExpert, Admin\n{UserUsage}");
        Audience? audience = null;
        if (options.TryGetValue("audience", out var audienceText))
        {
            if (!KcsNames.TryParseAudience(audienceText, out audience)) return await UsageAsync("user: --audience must be internal or customer");
        }

        // A customer-audience account belongs to at most one client (docs/security.md "Clients"); "none" clears it.
        string? client = null;
        if (options.TryGetValue("client", out var clientText))
        {
            if (words[0] is not ("create" or "set-role")) return await UsageAsync($"user: --client goes with create or set-role\n{UserUsage}");
            client = clientText.Trim().Equals("none", StringComparison.OrdinalIgnoreCase) ? "" : clientText.Trim();
            if (client.Length > 0 && KnowledgeBase.Core.Articles.ClientNames.Problem(client) is { } problem) return await UsageAsync($"user: --client: the client {problem}");
            if (client.Length > 0 && words[0] == "create" && audience != Audience.Customer)
                return await UsageAsync("user: --client needs --audience customer (internal users see every client's articles)");
        }

        string? error;
        string done;
        switch (words[0])
        {
            case "create":
                if (!options.TryGetValue("password", out var password)) return await UsageAsync($"user: --password is required\n{UserUsage}");
                error = await users.CreateAsync("cli", email, password, role, audience ?? Audience.Internal);
                if (error is null && !string.IsNullOrEmpty(client)) error = await users.SetClientAsync("cli", email, client);
                done = $"created {email} as {role.Display()}" + (string.IsNullOrEmpty(client) ? "" : $" of client {client}");
                break;
            case "set-role":
                error = await users.SetRoleAsync("cli", email, role, audience);
                if (error is null && client is not null) error = await users.SetClientAsync("cli", email, client);
                done = $"{email} is now {role.Display()}" + (client is null ? "" : client.Length == 0 ? ", of no client" : $" of client {client}");
                break;
            case "unlock":
                error = await users.UnlockAsync("cli", email);
                done = $"{email} is unlocked";
                break;
            case "disable":
                var keep = options.ContainsKey("keep-api-keys");
                error = await users.DisableAsync("cli", email, keep);
                done = $"{email} is disabled; sessions end within a minute; API keys they created {(keep ? "keep working" : "stop working")}";
                break;
            case "enable":
                error = await users.EnableAsync("cli", email);
                done = $"{email} is enabled";
                break;
            case "reset-password":
                var site = options.TryGetValue("url", out var url) ? url : FirstSiteAddress(app.Configuration);
                if (!Uri.TryCreate(site, UriKind.Absolute, out var siteAddress) || siteAddress.Scheme is not ("http" or "https"))
                    return await UsageAsync($"user: --url must be the site's address, e.g. https://kb.example.com (was '{site}')");
                if (!siteAddress.AbsoluteUri.EndsWith('/')) siteAddress = new Uri(siteAddress.AbsoluteUri + "/");
                (var link, error) = await users.ResetLinkAsync("cli", email, siteAddress, "printed by the command line");
                var hours = app.Services.GetRequiredService<IdentitySettings>().PasswordResetLinkHours;
                done = $"password reset link for {email} (works once, for {hours} hours; give it to them yourself):\n{link}";
                break;
            default:
                return await UsageAsync(UserUsage);
        }
        if (error is not null)
        {
            await Console.Error.WriteLineAsync($"user {words[0]}: {error}");
            return 1;
        }
        Console.WriteLine(done);
        return 0;
    }

    /// <summary>The first address of the Urls setting (ASPNETCORE_URLS), else Kestrel's default.</summary>
    private static string FirstSiteAddress(IConfiguration configuration) =>
        (configuration["urls"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault()?
            .Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal).Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal)
        ?? "http://localhost:5000";

    /// <summary>Six months of tickets, links, searches and flags for the articles in the database (deterministic per seed and day).</summary>
    private static async Task<int> DemoDataAsync(WebApplication app, string[] words)
    {
        const string usage = "usage: demo-data [--seed N] [--replace]   (needs articles: run import first)";
        var seed = 1;
        var replace = false;
        for (var i = 0; i < words.Length; i++)
        {
            if (words[i] == "--replace") replace = true;
            else if (words[i] == "--seed" && i + 1 < words.Length && int.TryParse(words[i + 1], System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out seed)) i++;
            else return await UsageAsync($"demo-data: unknown or incomplete option '{words[i]}'\n{usage}");
        }
        var generator = app.Services.GetRequiredService<KnowledgeBase.Data.DemoData.DemoDataGenerator>();
        if (!replace && await generator.HasDemoDataAsync())
        {
            await Console.Error.WriteLineAsync("demo-data: demo data is already there; run with --replace to generate it again");
            return 1;
        }
        // Like the site's first start: a fresh database gets the starter content, so a newcomer needs one command.
        await using (var db = await app.Services.GetRequiredService<KnowledgeBaseContextFactory>().CreateDbContextAsync())
        {
            if (!await db.Articles.AnyAsync() && app.Services.GetRequiredService<KnowledgeBasePaths>().ContentDirectory is { } content)
                Console.WriteLine((await app.Services.GetRequiredService<ContentImporter>().ImportAsync(content)).ToString());
        }
        try
        {
            // Midnight UTC: the same seed on the same day gives the same data.
            var now = DateTime.SpecifyKind(app.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime.Date, DateTimeKind.Utc);
            var counts = await generator.GenerateAsync(new KnowledgeBase.Data.DemoData.DemoDataOptions { Seed = seed, Now = now, Replace = replace });
            Console.WriteLine($"demo data (seed {seed}): {counts.Tickets} tickets, {counts.Links} links, {counts.Searches} searches, {counts.Flags} flags, {counts.ArticlesBackdated} articles backdated, {counts.CategoriesAssigned} categories given to accounts");
            return 0;
        }
        catch (InvalidOperationException ex)
        {
            await Console.Error.WriteLineAsync($"demo-data: {ex.Message}");
            return 1;
        }
    }

    private static Dictionary<string, string> ParseOptions(string[] words, out string? unknown)
    {
        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        unknown = null;
        for (var i = 0; i < words.Length; i++)
        {
            // The one option that is a switch, not a name and a value.
            if (words[i] == "--keep-api-keys")
            {
                options["keep-api-keys"] = "true";
                continue;
            }
            if (!words[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= words.Length)
            {
                unknown = words[i];
                return options;
            }
            options[words[i][2..]] = words[++i];
        }
        return options;
    }

    private static async Task<int> UsageAsync(string text)
    {
        await Console.Error.WriteLineAsync(text);
        return 2;
    }
}
