using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using KnowledgeBase.Bench.Measurement;
using Microsoft.Playwright;

namespace KnowledgeBase.Bench.Ui;

/// <summary>
/// Keystroke-to-rendered-results time of the search page in real Chromium: starts the site (Release, SQLite, the given
/// articles imported), signs in, types queries one character at a time and times each keystroke until the page shows
/// the results of the text typed so far.
/// usage: ui --articles DIR --queries FILE [--keystrokes 200] [--pause-ms 150] [--chromium /usr/bin/chromium]
/// </summary>
public static class KeystrokeCommand
{
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        string? articles = null, queries = null, chromium = "/usr/bin/chromium";
        var keystrokes = 200;
        var pauseMs = 150;
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            try
            {
                switch (args[i])
                {
                    case "--articles": articles = Next(); break;
                    case "--queries": queries = Next(); break;
                    case "--keystrokes": keystrokes = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--pause-ms": pauseMs = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--chromium": chromium = Next(); break;
                    default: error.WriteLine($"ui: unknown option {args[i]}"); return 2;
                }
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException)
            {
                error.WriteLine($"ui: {ex.Message}");
                return 2;
            }
        }
        if (articles is null || !Directory.Exists(articles) || queries is null || !File.Exists(queries) || keystrokes < 1)
        {
            error.WriteLine("usage: ui --articles DIR --queries FILE [--keystrokes 200] [--pause-ms 150] [--chromium PATH]");
            return 2;
        }
        return RunAsync(Path.GetFullPath(articles), queries, keystrokes, pauseMs, chromium, output, error).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(string articles, string queriesFile, int keystrokes, int pauseMs, string chromium, TextWriter output, TextWriter error)
    {
        var repo = FindRepository();
        var data = Directory.CreateTempSubdirectory("kb-ui-bench-").FullName;
        var port = FreePort();
        var url = $"http://127.0.0.1:{port}";
        const string email = "bench@bench.local";
        const string password = "Bench-Password-2026";
        var web = Path.Combine(repo, "src", "KnowledgeBase.Web");
        var common = $"--Storage:DataDirectory={data} --Content:Path={articles}";
        try
        {
            error.WriteLine("ui: building and creating the benchmark user…");
            if (await RunToEndAsync("dotnet", $"run -c Release --project {web} --no-launch-profile -- user create --email {email} --password {password} --role Contributor {common}", error) != 0)
                return 1;
            error.WriteLine($"ui: starting the site on {url} (imports the articles on first start)…");
            using var site = Start("dotnet", $"run -c Release --no-build --project {web} --no-launch-profile -- --urls {url} {common}");
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

            var words = File.ReadLines(queriesFile).Select(l => l.Split('\t')[0].Trim().ToLowerInvariant()).Where(q => q.Length > 3).ToList();
            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = chromium, Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
            });
            var page = await browser.NewPageAsync(new BrowserNewPageOptions { BaseURL = url });
            await page.GotoAsync("/account/login");
            await page.GetByLabel("Email").FillAsync(email);
            await page.GetByLabel("Password").FillAsync(password);
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
            await page.WaitForURLAsync(u => !u.Contains("/account/login", StringComparison.Ordinal));

            var times = new List<double>();
            var q = 0;
            while (times.Count < keystrokes && q < words.Count)
            {
                await page.GotoAsync("/");
                await page.WaitForFunctionAsync("() => window.Blazor && document.getElementById('search-input')");
                // The circuit is live once the home lists rendered interactively; give it the first keystroke only then.
                await page.WaitForSelectorAsync("#recent-heading");
                foreach (var ch in words[q++])
                {
                    if (times.Count >= keystrokes) break;
                    var ms = await page.EvaluateAsync<double>(TypeScript, ch.ToString());
                    if (ms >= 0) times.Add(ms);
                    await Task.Delay(Math.Max(0, pauseMs - (int)ms));
                }
            }
            var sorted = times.Order().ToList();
            output.WriteLine($"keystroke → rendered results, real Chromium, {sorted.Count} keystrokes over {q} queries from {Path.GetFileName(queriesFile)}, {pauseMs} ms between keystrokes");
            output.WriteLine($"p50 {Percentile.NearestRank(sorted, 50):0.0} ms   p95 {Percentile.NearestRank(sorted, 95):0.0} ms   max {sorted[^1]:0.0} ms   (the 40 ms debounce included)");
            return 0;
            }
            finally
            {
                site.Kill(entireProcessTree: true);
            }
        }
        finally
        {
            try { Directory.Delete(data, recursive: true); } catch (IOException) { }
        }
    }

    // Types one character the way the browser does (value + input event) and resolves when the status line says the
    // results on screen are those of the text typed so far; -1 when that never happens within 5 s.
    private const string TypeScript = """
        async (ch) => {
            const input = document.getElementById('search-input');
            const status = document.getElementById('search-status');
            const q = input.value + ch;
            const t0 = performance.now();
            input.value = q;
            input.dispatchEvent(new Event('input', { bubbles: true }));
            return await new Promise(resolve => {
                const done = () => { if (status.dataset.query === q) { observer.disconnect(); clearTimeout(timer); resolve(performance.now() - t0); } };
                const observer = new MutationObserver(done);
                observer.observe(status, { attributes: true, childList: true, characterData: true, subtree: true });
                const timer = setTimeout(() => { observer.disconnect(); resolve(-1); }, 5000);
                done();
            });
        }
        """;

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

    private static string FindRepository()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "KnowledgeBase.sln"))) return dir.FullName;
        throw new InvalidOperationException("run from the repository (KnowledgeBase.sln not found)");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
