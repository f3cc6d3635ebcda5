using System.Diagnostics;

namespace KnowledgeBase.Web.Tests;

/// <summary>docker-compose.yml must stay valid; Debian's docker-compose checks it without a Docker engine.</summary>
public sealed class ComposeFileTests
{
    private static async Task<(int Exit, string Output)> ComposeAsync(params string[] args)
    {
        var info = new ProcessStartInfo("docker-compose") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryPaths.Root };
        foreach (var a in args) info.ArgumentList.Add(a);
        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("docker-compose is not installed: build/test.sh installs Debian's docker-compose package.", ex);
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return (process.ExitCode, await stdout + await stderr);
        }
    }

    [Fact]
    public async Task The_compose_file_is_valid_with_the_site_and_a_data_volume()
    {
        var (exit, output) = await ComposeAsync("config");
        Assert.True(exit == 0, output);
        Assert.Contains("kb-data", output);
        Assert.Contains("/data", output);
    }

    [Fact]
    public async Task The_postgres_profile_adds_a_database_and_a_site_that_uses_it()
    {
        var (exit, output) = await ComposeAsync("--profile", "postgres", "config", "--services");
        Assert.True(exit == 0, output);
        Assert.Equal(["db", "web", "web-postgres"], output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Order());
    }
}
