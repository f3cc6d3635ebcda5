using System.Diagnostics;
using System.Text.RegularExpressions;
using KnowledgeBase.Data;
using KnowledgeBase.Data.DemoData;
using Microsoft.EntityFrameworkCore;

namespace KnowledgeBase.Web.Tests;

/// <summary>Runs the built site as a process, the way `dotnet run --project src/KnowledgeBase.Web -- import PATH` does.</summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("kb-cli-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private Task<(int Exit, string Out, string Err)> RunAsync(params string[] args) => RunInAsync(Path.Combine(_work, "data"), args);

    private async Task<(int Exit, string Out, string Err)> RunInAsync(string dataDirectory, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _work };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "KnowledgeBase.Web.dll"));
        foreach (var a in args) info.ArgumentList.Add(a);
        info.ArgumentList.Add($"--Storage:DataDirectory={dataDirectory}");
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    [Fact]
    public async Task Import_reads_a_folder_of_markdown_and_a_second_run_changes_nothing()
    {
        var folder = Path.Combine(_work, "docs");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "vpn.md"), "# VPN error 809\n\n## Issue\nThe L2TP connection fails.\n");
        await File.WriteAllTextAsync(Path.Combine(folder, "dns.md"), "---\ntitle: Flush the DNS cache\nstate: Validated\nsource: wiki\n---\nRun ipconfig /flushdns.\n");

        var first = await RunAsync("import", folder);
        var second = await RunAsync("import", folder);

        Assert.True(first.Exit == 0, first.Err);
        Assert.StartsWith("2 created, 0 updated, 0 unchanged, 0 with problems", first.Out.Trim().Split('\n')[^1]);
        Assert.StartsWith("0 created, 0 updated, 2 unchanged", second.Out.Trim().Split('\n')[^1]);
    }

    [Fact]
    public async Task Import_reports_a_bad_file_with_its_name_and_line_and_exits_non_zero()
    {
        var folder = Path.Combine(_work, "docs");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "good.md"), "# Good\n\ntext\n");
        await File.WriteAllTextAsync(Path.Combine(folder, "bad.md"), "---\ntitle: Bad\nstate: Shiny\n---\n# Bad\n");

        var (exit, output, errors) = await RunAsync("import", folder);

        Assert.Equal(1, exit);
        Assert.Contains("bad.md:3: unknown state 'Shiny'", errors);
        Assert.StartsWith("1 created", output.Trim().Split('\n')[^1]);
    }

    [Fact]
    public async Task Export_writes_a_zip_that_import_reads_back_into_an_empty_database_and_a_zip_bomb_is_refused()
    {
        var folder = Path.Combine(_work, "docs");
        Directory.CreateDirectory(Path.Combine(folder, "media"));
        await File.WriteAllBytesAsync(Path.Combine(folder, "media", "shot.png"), AttachmentSiteTests.Png(2_000));
        await File.WriteAllTextAsync(Path.Combine(folder, "vpn.md"), "---\ncreated: 2024-01-02\n---\n# VPN error 809\n\n![shot](media/shot.png)\n");
        Assert.Equal(0, (await RunAsync("import", folder)).Exit);

        var zip = Path.Combine(_work, "kb.zip");
        var export = await RunAsync("export", zip);
        var import = await RunInAsync(Path.Combine(_work, "other"), "import", zip);

        Assert.True(export.Exit == 0, export.Err);
        Assert.StartsWith("exported 1 article, 1 file (2 KB), 0 categories to ", export.Out.Trim().Split('\n')[^1]);
        Assert.True(import.Exit == 0, import.Err);
        Assert.StartsWith("1 created, 0 updated, 0 unchanged, 0 with problems", import.Out.Trim().Split('\n')[^1]);

        var bomb = Path.Combine(_work, "bomb.zip");
        using (var archive = System.IO.Compression.ZipFile.Open(bomb, System.IO.Compression.ZipArchiveMode.Create))
        {
            await using var entry = archive.CreateEntry("a.md", System.IO.Compression.CompressionLevel.SmallestSize).Open();
            var zeros = new byte[1024 * 1024];
            for (var i = 0; i < 40; i++) await entry.WriteAsync(zeros);
        }
        var refused = await RunAsync("import", bomb);
        Assert.Equal(1, refused.Exit);
        Assert.Contains("import: bomb.zip: entry 'a.md' is compressed", refused.Err);
    }

    [Fact]
    public async Task Import_of_a_missing_folder_says_so()
    {
        var (exit, _, errors) = await RunAsync("import", Path.Combine(_work, "nope"));
        Assert.Equal(2, exit);
        Assert.Contains("does not exist", errors);
    }

    [Fact]
    public async Task Demo_data_fills_a_new_database_with_tickets_links_searches_and_flags_and_refuses_a_second_run_without_replace()
    {
        var content = $"--Content:Path={RepositoryPaths.Content}";

        var first = await RunAsync("demo-data", "--seed", "42", content);
        var counted = await CountDemoRowsAsync();
        var second = await RunAsync("demo-data", "--seed", "42", content);
        var afterRefusal = await CountDemoRowsAsync();
        var replaced = await RunAsync("demo-data", "--seed", "7", "--replace", content);
        var afterReplace = await CountDemoRowsAsync();

        // A fresh database gets the starter content first, then six months of ledger for it.
        Assert.True(first.Exit == 0, first.Err);
        Assert.True(counted.Articles > 0);
        var printed = DemoSummary(first.Out);
        Assert.Equal((printed.Tickets, printed.Links, printed.Searches, printed.Flags), (counted.Tickets, counted.Links, counted.Searches, counted.Flags));
        Assert.All(new[] { counted.Tickets, counted.Links, counted.Searches, counted.Flags }, n => Assert.True(n > 0));
        Assert.True(counted.ClosedTickets > 0 && counted.ResolvedLinks > 0 && counted.ZeroResultSearches > 0, counted.ToString());

        // As docs/user-guide.md says: a second run is refused and changes nothing…
        Assert.Equal(1, second.Exit);
        Assert.Contains("demo data is already there; run with --replace", second.Err);
        Assert.Equal(counted, afterRefusal);

        // …and --replace generates it again instead of adding to it.
        Assert.True(replaced.Exit == 0, replaced.Err);
        var again = DemoSummary(replaced.Out);
        Assert.Equal((again.Tickets, again.Links, again.Searches, again.Flags), (afterReplace.Tickets, afterReplace.Links, afterReplace.Searches, afterReplace.Flags));
        Assert.Equal(counted.Articles, afterReplace.Articles);
    }

    [Fact]
    public async Task Demo_data_with_an_unknown_option_is_a_usage_error()
    {
        var (exit, _, errors) = await RunAsync("demo-data", "--seeds", "42");
        Assert.Equal(2, exit);
        Assert.Contains("usage: demo-data [--seed N] [--replace]", errors);
    }

    [Fact]
    public async Task User_disable_enable_and_reset_password_work_from_the_command_line_and_say_what_they_did()
    {
        Assert.Equal(0, (await RunAsync("user", "create", "--email", "boss@cli.test", "--password", "Correct-Horse-42", "--role", "Admin")).Exit);
        Assert.Equal(0, (await RunAsync("user", "create", "--email", "leaver@cli.test", "--password", "Correct-Horse-42", "--role", "Contributor")).Exit);

        var disabled = await RunAsync("user", "disable", "--email", "leaver@cli.test", "--keep-api-keys");
        var twice = await RunAsync("user", "disable", "--email", "leaver@cli.test");
        var refusedLink = await RunAsync("user", "reset-password", "--email", "leaver@cli.test", "--url", "https://kb.example.com");
        var enabled = await RunAsync("user", "enable", "--email", "leaver@cli.test");
        var link = await RunAsync("user", "reset-password", "--email", "leaver@cli.test", "--url", "https://kb.example.com");
        var badUrl = await RunAsync("user", "reset-password", "--email", "leaver@cli.test", "--url", "kb.example.com");

        Assert.True(disabled.Exit == 0, disabled.Err);
        Assert.Contains("leaver@cli.test is disabled; sessions end within a minute; API keys they created keep working", disabled.Out);
        Assert.Equal(1, twice.Exit);
        Assert.Contains("is already disabled", twice.Err);
        Assert.Equal(1, refusedLink.Exit);
        Assert.Contains("enable the account first", refusedLink.Err);
        Assert.True(enabled.Exit == 0, enabled.Err);
        Assert.Contains("leaver@cli.test is enabled", enabled.Out);
        Assert.True(link.Exit == 0, link.Err);
        Assert.Matches(@"https://kb\.example\.com/account/reset-password\?user=[^&\s]+&token=\S{40,}", link.Out);
        Assert.Equal(2, badUrl.Exit);
        Assert.Contains("--url must be the site's address", badUrl.Err);
    }

    [Fact]
    public async Task User_create_and_set_role_bind_a_customer_to_a_client_and_refuse_a_client_for_an_internal_user()
    {
        var created = await RunAsync("user", "create", "--email", "ana@contoso.test", "--password", "Correct-Horse-42", "--role", "Contributor", "--audience", "customer", "--client", " Contoso ");
        var createdClient = await ClientOfAsync("ana@contoso.test");
        var internalRefused = await RunAsync("user", "create", "--email", "tech@cli.test", "--password", "Correct-Horse-42", "--role", "Contributor", "--client", "Contoso");
        var moved = await RunAsync("user", "set-role", "--email", "ana@contoso.test", "--role", "Contributor", "--client", "Fabrikam, Inc.");
        var movedClient = await ClientOfAsync("ana@contoso.test");
        var cleared = await RunAsync("user", "set-role", "--email", "ana@contoso.test", "--role", "Contributor", "--client", "none");

        Assert.True(created.Exit == 0, created.Err);
        Assert.Contains("created ana@contoso.test as Contributor of client Contoso", created.Out);
        Assert.Equal("Contoso", createdClient);
        Assert.Equal(2, internalRefused.Exit);
        Assert.Contains("--client needs --audience customer", internalRefused.Err);
        Assert.True(moved.Exit == 0, moved.Err);
        Assert.Equal("Fabrikam, Inc.", movedClient);
        Assert.True(cleared.Exit == 0, cleared.Err);
        Assert.Contains("of no client", cleared.Out);
        Assert.Null(await ClientOfAsync("ana@contoso.test"));
    }

    private async Task<string?> ClientOfAsync(string email)
    {
        using var factory = new KnowledgeBaseContextFactory(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(_work, "data", "knowledgebase.db")};Pooling=false");
        await using var db = factory.CreateDbContext();
        return db.Users.Single(u => u.NormalizedEmail == email.ToUpperInvariant()).Client;
    }

    private sealed record DemoRows(int Articles, int Tickets, int ClosedTickets, int Links, int ResolvedLinks, int Searches, int ZeroResultSearches, int Flags);

    /// <summary>What the database holds after the process ended: the demo rows are marked (system "demo", "demo-" sessions, "@demo" flaggers).</summary>
    private async Task<DemoRows> CountDemoRowsAsync()
    {
        using var factory = new KnowledgeBaseContextFactory(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(_work, "data", "knowledgebase.db")};Pooling=false");
        await using var db = factory.CreateDbContext();
        var demoTickets = db.Tickets.Where(t => t.System == DemoDataGenerator.System);
        var links = db.TicketLinks.Where(l => demoTickets.Any(t => t.Id == l.TicketId));
        var searches = db.SearchLog.Where(s => s.SessionId.StartsWith("demo-"));
        return new DemoRows(
            await db.Articles.CountAsync(),
            await demoTickets.CountAsync(),
            await demoTickets.CountAsync(t => t.ClosedAt != null),
            await links.CountAsync(),
            await links.CountAsync(l => l.Type == KnowledgeBase.Core.Tickets.LinkType.Resolved),
            await searches.CountAsync(),
            await searches.CountAsync(s => s.ResultCount == 0),
            await db.ArticleFlags.CountAsync(f => f.RaisedBy.EndsWith(DemoDataGenerator.UserSuffix)));
    }

    private static (int Tickets, int Links, int Searches, int Flags) DemoSummary(string output)
    {
        var match = Regex.Match(output, @"demo data \(seed \d+\): (\d+) tickets, (\d+) links, (\d+) searches, (\d+) flags");
        Assert.True(match.Success, output);
        return (int.Parse(match.Groups[1].Value), int.Parse(match.Groups[2].Value), int.Parse(match.Groups[3].Value), int.Parse(match.Groups[4].Value));
    }
}
