using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Playwright;

namespace KnowledgeBase.Bench.Ui;

/// <summary>
/// The site of this repository started for a browser benchmark: built in Release, on a free loopback port, with its own
/// data folder and content, and one benchmark user; on dispose the process tree is stopped and the data deleted.
/// </summary>
public sealed class BenchSite : IDisposable
{
    public const string Email = "bench@bench.local";
    public const string Password = "Bench-Password-2026";

    private readonly Process _process;
    private readonly string _data;

    private BenchSite(Process process, string data, string url)
    {
        _process = process;
        _data = data;
        Url = url;
    }

    public string Url { get; }

    /// <summary>Builds, creates the user with <paramref name="role"/>, starts the site and waits until its search index is ready.</summary>
    /// <param name="settings">Extra command-line settings for the site (e.g. <c>--Search:Semantic:Enabled=false</c>).</param>
    /// <param name="prepareDatabase">Runs on the SQLite database file once it exists (migrated), before the site starts.</param>
    public static async Task<BenchSite?> StartAsync(string content, string role, TextWriter error, string settings = "", Action<string>? prepareDatabase = null)
    {
        var repo = FindRepository();
        var data = Directory.CreateTempSubdirectory("kb-ui-bench-").FullName;
        var url = $"http://127.0.0.1:{FreePort()}";
        var web = Path.Combine(repo, "src", "KnowledgeBase.Web");
        var common = $"--Storage:DataDirectory={data} --Content:Path={content} {settings}".TrimEnd();
        error.WriteLine("ui: building and creating the benchmark user…");
        if (await RunToEndAsync("dotnet", $"run -c Release --project {web} --no-launch-profile -- user create --email {Email} --password {Password} --role {role} {common}", error) != 0)
        {
            Directory.Delete(data, recursive: true);
            return null;
        }
        prepareDatabase?.Invoke(Path.Combine(data, "knowledgebase.db"));
        error.WriteLine($"ui: starting the site on {url} (imports the articles on first start)…");
        var site = new BenchSite(Start("dotnet", $"run -c Release --no-build --project {web} --no-launch-profile -- --urls {url} {common}"), data, url);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(url) };
            var ready = Stopwatch.StartNew();
            while (true)
            {
                if (ready.Elapsed > TimeSpan.FromMinutes(5)) throw new TimeoutException("the site did not report a ready search index within 5 minutes");
                try
                {
                    var health = await http.GetStringAsync("/health");
                    if (health.Contains("\"search\": {\n      \"status\": \"Healthy\"", StringComparison.Ordinal)) break;
                }
                catch (HttpRequestException)
                {
                }
                await Task.Delay(500);
            }
            error.WriteLine($"ui: site ready after {ready.Elapsed.TotalSeconds:0} s");
            return site;
        }
        catch
        {
            site.Dispose();
            throw;
        }
    }

    public static Task<IBrowser> LaunchChromiumAsync(IPlaywright playwright, string chromium) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium, Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });

    /// <summary>A new page signed in as the benchmark user.</summary>
    public async Task<IPage> SignedInPageAsync(IBrowser browser)
    {
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { BaseURL = Url, ViewportSize = new ViewportSize { Width = 1366, Height = 900 } });
        await page.GotoAsync("/account/login");
        await page.GetByLabel("Email").FillAsync(Email);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(u => !u.Contains("/account/login", StringComparison.Ordinal));
        return page;
    }

    public static string FindRepository()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "KnowledgeBase.sln"))) return dir.FullName;
        throw new InvalidOperationException("run from the repository (KnowledgeBase.sln not found)");
    }

    public void Dispose()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // already exited
        }
        _process.Dispose();
        try { Directory.Delete(_data, recursive: true); } catch (IOException) { }
    }

    private static Process Start(string file, string arguments)
    {
        var info = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        // `dotnet run` serves the build's static web assets (blazor.web.js) only in Development; a published site
        // serves them in any environment. The benchmark user already exists, so no demo users are seeded.
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {file}");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<int> RunToEndAsync(string file, string arguments, TextWriter error)
    {
        var info = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) error.WriteLine($"ui: {file} {arguments} failed: {await stderr}{await stdout}");
        return process.ExitCode;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
