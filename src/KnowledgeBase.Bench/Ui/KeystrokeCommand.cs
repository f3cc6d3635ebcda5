using System.Globalization;
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
        using var site = await BenchSite.StartAsync(articles, "Contributor", error);
        if (site is null) return 1;
        var words = File.ReadLines(queriesFile).Select(l => l.Split('\t')[0].Trim().ToLowerInvariant()).Where(q => q.Length > 3).ToList();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BenchSite.LaunchChromiumAsync(playwright, chromium);
        var page = await site.SignedInPageAsync(browser);

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
}
