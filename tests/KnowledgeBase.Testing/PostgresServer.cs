using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace KnowledgeBase.Testing;

/// <summary>
/// A real PostgreSQL 15 server for the tests: initdb + pg_ctl from /usr/lib/postgresql/15/bin in a temp folder, on a
/// free loopback port, run as the postgres user when the tests run as root; stopped and deleted on dispose. Set
/// KB_TEST_POSTGRES to a connection string to use an existing server instead. Never skipped: if it cannot start, the
/// tests that need it fail and say why.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    public const string BinDirectoryVariable = "KB_TEST_POSTGRES_BIN";
    public const string ExternalServerVariable = "KB_TEST_POSTGRES";

    private readonly string? _folder;
    private readonly string? _bin;
    private readonly bool _asPostgresUser;
    private readonly int _port;
    private int _databaseCounter;

    private PostgresServer(string adminConnectionString, string? folder, string? bin, bool asPostgresUser, int port = 0)
    {
        AdminConnectionString = adminConnectionString;
        _folder = folder;
        _bin = bin;
        _asPostgresUser = asPostgresUser;
        _port = port;
    }

    /// <summary>Connection string to the server's maintenance database.</summary>
    public string AdminConnectionString { get; }

    public static async Task<PostgresServer> StartAsync()
    {
        if (Environment.GetEnvironmentVariable(ExternalServerVariable) is { Length: > 0 } external)
            return new PostgresServer(external, null, null, false);

        var bin = Environment.GetEnvironmentVariable(BinDirectoryVariable) is { Length: > 0 } b ? b : "/usr/lib/postgresql/15/bin";
        if (!File.Exists(Path.Combine(bin, "initdb")))
            throw new InvalidOperationException($"PostgreSQL binaries not found in {bin}: install postgresql-15 (the test command does) or set {BinDirectoryVariable}.");

        var asPostgresUser = Environment.UserName == "root";
        var folder = Directory.CreateTempSubdirectory("kb-pg-").FullName;
        if (asPostgresUser)
            await RunAsync("chown", $"postgres:postgres {folder}");
        var port = LoopbackPorts.Free();
        var data = Path.Combine(folder, "data");
        await RunPgAsync(bin, asPostgresUser, "initdb", $"-D {data} -A trust -U postgres --no-sync -E UTF8 --locale=C.UTF-8");
        await RunPgAsync(bin, asPostgresUser, "pg_ctl",
            $"-D {data} -l {Path.Combine(folder, "server.log")} -w -t 60 -o \"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200\" start");
        var server = new PostgresServer($"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=false", folder, bin, asPostgresUser, port);
        await using (var connection = new NpgsqlConnection(server.AdminConnectionString))
            await connection.OpenAsync();
        return server;
    }

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix = "kb")
    {
        var name = $"{prefix}_{Environment.ProcessId}_{Interlocked.Increment(ref _databaseCounter)}_{Guid.NewGuid():N}"[..40].ToLowerInvariant();
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name, Pooling = true }.ConnectionString;
    }

    /// <summary>Stops the server (fast shutdown: open sessions are terminated), as a database restart or fail-over would.</summary>
    public Task StopAsync() =>
        _folder is null || _bin is null
            ? throw new InvalidOperationException("An external server (KB_TEST_POSTGRES) cannot be stopped by the tests.")
            : RunPgAsync(_bin, _asPostgresUser, "pg_ctl", $"-D {Path.Combine(_folder, "data")} -m fast -w -t 60 stop");

    /// <summary>Starts the stopped server again on the same port, with the same data.</summary>
    public Task RestartAsync() =>
        _folder is null || _bin is null
            ? throw new InvalidOperationException("An external server (KB_TEST_POSTGRES) cannot be restarted by the tests.")
            : RunPgAsync(_bin, _asPostgresUser, "pg_ctl",
                $"-D {Path.Combine(_folder, "data")} -l {Path.Combine(_folder, "server.log")} -w -t 60 -o \"-p {_port} -k {_folder} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200\" start");

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_folder is null || _bin is null) return;
        try
        {
            await RunPgAsync(_bin, _asPostgresUser, "pg_ctl", $"-D {Path.Combine(_folder, "data")} -m immediate -w stop");
        }
        finally
        {
            try { Directory.Delete(_folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }


    private static Task RunPgAsync(string bin, bool asPostgresUser, string tool, string arguments) =>
        asPostgresUser
            ? RunAsync("runuser", $"-u postgres -- {Path.Combine(bin, tool)} {arguments}")
            : RunAsync(Path.Combine(bin, tool), arguments);

    private static async Task RunAsync(string file, string arguments)
    {
        var info = new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {arguments} exited with {process.ExitCode}: {await stderr} {await stdout}");
    }
}
