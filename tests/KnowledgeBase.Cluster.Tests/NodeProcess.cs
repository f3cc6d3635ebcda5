using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using KnowledgeBase.Testing;

namespace KnowledgeBase.Cluster.Tests;

/// <summary>
/// One node of the site as a real process: <c>dotnet KnowledgeBase.Web.dll</c> on a loopback port with its own data
/// folder and settings (as environment variables, the way a container gets them). Its output goes to node.log in the
/// data folder, and failures quote the end of it.
/// </summary>
public sealed class NodeProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(120);
    private readonly Dictionary<string, string> _settings;
    private readonly object _logLock = new();
    private Process? _process;

    private readonly string _dll;

    public NodeProcess(string name, IDictionary<string, string> settings, string? dll = null)
    {
        Name = name;
        _dll = dll ?? SitePaths.WebDll;
        Port = LoopbackPorts.Free();
        DataDirectory = Directory.CreateTempSubdirectory($"kb-{name}-").FullName;
        _settings = new Dictionary<string, string>(settings)
        {
            ["Node:Id"] = name,
            ["Storage:DataDirectory"] = DataDirectory,
        };
        // Each node would load the 90 MB model and embed the content: only where a test asks for it.
        _settings.TryAdd("Search:Semantic:Enabled", "false");
        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public string Name { get; }
    public int Port { get; }
    public string DataDirectory { get; }
    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");
    public string IndexDirectory => Path.Combine(DataDirectory, "index");
    public string LogFile => Path.Combine(DataDirectory, "node.log");
    public bool IsRunning => _process is { HasExited: false };
    /// <summary>An anonymous client (health, pages).</summary>
    public HttpClient Http { get; }

    /// <summary>The path that answers 200 once the process serves.</summary>
    public string LivenessPath { get; init; } = "/health/live";

    public async Task StartAsync()
    {
        if (IsRunning) throw new InvalidOperationException($"{Name} is already running.");
        _process = Launch("--urls", BaseAddress.ToString().TrimEnd('/'));
        var deadline = DateTime.UtcNow + StartDeadline;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"{Name} exited with {_process.ExitCode} while starting.\n{LogTail()}");
            try
            {
                using var response = await Http.GetAsync(LivenessPath);
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"{Name} did not answer {LivenessPath} within {StartDeadline.TotalSeconds} s.\n{LogTail()}");
    }

    /// <summary>Waits until this node's search index serves and has applied the whole change log.</summary>
    public async Task WaitForSearchReadyAsync()
    {
        var deadline = DateTime.UtcNow + StartDeadline;
        string last = "";
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                last = await Http.GetStringAsync("/health/ready");
                var search = JsonDocument.Parse(last).RootElement.GetProperty("checks").GetProperty("search");
                if (search.GetProperty("status").GetString() == "Healthy") return;
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"{Name}'s search index was not ready within {StartDeadline.TotalSeconds} s: {last}\n{LogTail()}");
    }

    /// <summary>SIGKILL: no shutdown code runs, nothing is flushed.</summary>
    public void Kill()
    {
        if (_process is null || _process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(30_000);
    }

    /// <summary>SIGTERM and wait: the host stops gracefully (leases released, index committed).</summary>
    public async Task StopAsync()
    {
        if (_process is null || _process.HasExited) return;
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            await kill.WaitForExitAsync();
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw new TimeoutException($"{Name} did not stop within 30 s of SIGTERM.\n{LogTail()}");
        }
    }

    /// <summary>Runs a maintenance command (<c>apikey create …</c>, <c>user create …</c>) against this node's settings; returns its standard output.</summary>
    public async Task<string> RunCommandAsync(params string[] args)
    {
        var output = new StringBuilder();
        using var process = Launch(args, output);
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{string.Join(' ', args)} exited with {process.ExitCode}.\n{LogTail()}");
        lock (_logLock) return output.ToString();
    }

    private Process Launch(params string[] args) => Launch(args, null);

    private Process Launch(string[] args, StringBuilder? standardOutput)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // As in the container (WORKDIR /app): the content root, where appsettings.json is, is the build output.
            WorkingDirectory = Path.GetDirectoryName(_dll)!,
        };
        info.ArgumentList.Add(_dll);
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in _settings) info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet could not be started");
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (_logLock)
            {
                standardOutput?.AppendLine(e.Data);
                File.AppendAllText(LogFile, e.Data + "\n");
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (_logLock) File.AppendAllText(LogFile, e.Data + "\n");
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    public string LogTail(int lines = 40)
    {
        lock (_logLock)
        {
            if (!File.Exists(LogFile)) return $"({Name}: no log)";
            var all = File.ReadAllLines(LogFile);
            return $"--- last lines of {Name}'s log ---\n" + string.Join('\n', all.TakeLast(lines));
        }
    }


    public async ValueTask DisposeAsync()
    {
        try
        {
            if (IsRunning) await StopAsync();
        }
        catch (TimeoutException)
        {
        }
        Kill();
        _process?.Dispose();
        Http.Dispose();
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
