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
        var (exit, output) = await ComposeAsync("--profile", "postgres", "config");
        Assert.True(exit == 0, output);
        var services = await ServicesAsync("postgres");
        Assert.Contains("db", services);
        Assert.Contains("web-postgres", services);
        Assert.Contains("Database__Provider: PostgreSql", output);
    }

    [Fact]
    public async Task The_cluster_profile_runs_two_postgres_nodes_with_their_own_ids_and_volumes_behind_the_proxy()
    {
        var (exit, output) = await ComposeAsync("--profile", "cluster", "config");
        Assert.True(exit == 0, output);
        Assert.Superset(new HashSet<string> { "db", "node1", "node2", "proxy" }, (await ServicesAsync("cluster")).ToHashSet());
        Assert.Contains("Node__Id: node1", output);
        Assert.Contains("Node__Id: node2", output);
        Assert.Contains("kb-node1:/data", output);
        Assert.Contains("kb-node2:/data", output);
        Assert.Contains("dockerfile: Dockerfile.proxy", output);

        // The proxy sends traffic to exactly the node services the compose file defines, on the port they listen on.
        using var proxySettings = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "src", "KnowledgeBase.Proxy", "appsettings.json")));
        var cluster = proxySettings.RootElement.GetProperty("ReverseProxy").GetProperty("Clusters").GetProperty("nodes");
        var addresses = cluster.GetProperty("Destinations").EnumerateObject().Select(d => d.Value.GetProperty("Address").GetString()).Order();
        Assert.Equal(["http://node1:8080/", "http://node2:8080/"], addresses);
        Assert.True(cluster.GetProperty("SessionAffinity").GetProperty("Enabled").GetBoolean(), "Blazor circuits need sticky sessions");
        Assert.Equal("/health/ready", cluster.GetProperty("HealthCheck").GetProperty("Active").GetProperty("Path").GetString());
    }

    private static async Task<string[]> ServicesAsync(string profile)
    {
        var (exit, output) = await ComposeAsync("--profile", profile, "config", "--services");
        Assert.True(exit == 0, output);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}
