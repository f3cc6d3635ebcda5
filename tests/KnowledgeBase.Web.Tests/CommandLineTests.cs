using System.Diagnostics;

namespace KnowledgeBase.Web.Tests;

/// <summary>Runs the built site as a process, the way `dotnet run --project src/KnowledgeBase.Web -- import PATH` does.</summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("kb-cli-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _work };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "KnowledgeBase.Web.dll"));
        foreach (var a in args) info.ArgumentList.Add(a);
        info.ArgumentList.Add($"--Storage:DataDirectory={Path.Combine(_work, "data")}");
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
    public async Task Import_of_a_missing_folder_says_so()
    {
        var (exit, _, errors) = await RunAsync("import", Path.Combine(_work, "nope"));
        Assert.Equal(2, exit);
        Assert.Contains("does not exist", errors);
    }
}
