using System.Globalization;
using KnowledgeBase.Bench.Measurement;
using Microsoft.Playwright;

namespace KnowledgeBase.Bench.Ui;

/// <summary>
/// Keystroke-to-rendered-results time of the search page in real Chromium: starts the site (Release, SQLite, the given
/// articles imported), signs in, types queries one character at a time and times each keystroke until the page shows
/// the results of the text typed so far. <c>--semantic off</c> (the default) runs the site lexical only;
/// <c>--semantic on</c> runs it with the semantic step and times the keystrokes once the step is active — the articles'
/// vectors are copied from the quality benchmark's vector cache (<c>--vectors</c>, keyed by model and text hash as the
/// site stores them), so the site finds them by hash instead of spending half an hour embedding them.
/// usage: ui --articles DIR --queries FILE [--keystrokes 200] [--pause-ms 150] [--semantic off|on] [--vectors DIR] [--chromium /usr/bin/chromium]
/// </summary>
public static class KeystrokeCommand
{
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        string? articles = null, queries = null, chromium = "/usr/bin/chromium";
        var keystrokes = 200;
        var pauseMs = 150;
        var semantic = false;
        var vectors = Engines.VectorCache.Folder;
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
                    case "--semantic": semantic = Next() switch { "on" => true, "off" => false, var v => throw new ArgumentException($"--semantic must be on or off, not '{v}'") }; break;
                    case "--vectors": vectors = Next(); break;
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
            error.WriteLine("usage: ui --articles DIR --queries FILE [--keystrokes 200] [--pause-ms 150] [--semantic off|on] [--vectors DIR] [--chromium PATH]");
            return 2;
        }
        return RunAsync(Path.GetFullPath(articles), queries, keystrokes, pauseMs, chromium, semantic, vectors, output, error).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(string articles, string queriesFile, int keystrokes, int pauseMs, string chromium, bool semantic, string vectors,
        TextWriter output, TextWriter error)
    {
        using var site = await BenchSite.StartAsync(articles, "Contributor", error, $"--Search:Semantic:Enabled={(semantic ? "true" : "false")}",
            semantic ? database => error.WriteLine($"ui: {SeedVectors(database, vectors):N0} stored vectors copied from {vectors}") : null);
        if (site is null) return 1;
        var words = File.ReadLines(queriesFile).Select(l => l.Split('\t')[0].Trim().ToLowerInvariant()).Where(q => q.Length > 3).ToList();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BenchSite.LaunchChromiumAsync(playwright, chromium);
        var page = await site.SignedInPageAsync(browser);
        if (semantic && !await WaitForSemanticStepAsync(page, error)) return 1;

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
        output.WriteLine($"keystroke → rendered results, real Chromium, {sorted.Count} keystrokes over {q} queries from {Path.GetFileName(queriesFile)}, {pauseMs} ms between keystrokes, semantic step {(semantic ? "on" : "off")}");
        output.WriteLine($"p50 {Percentile.NearestRank(sorted, 50):0.0} ms   p95 {Percentile.NearestRank(sorted, 95):0.0} ms   max {sorted[^1]:0.0} ms   (the 40 ms debounce included)");
        return 0;
    }

    /// <summary>
    /// Waits until the search page no longer says it matches words only (every article has its vector and the model is
    /// loaded). Finding 5,721 articles' texts by hash, 16 a round, takes minutes on a loaded machine.
    /// </summary>
    private static async Task<bool> WaitForSemanticStepAsync(IPage page, TextWriter error)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromMinutes(40))
        {
            await page.GotoAsync("/?q=outlook");
            await page.WaitForSelectorAsync("#search-status");
            var note = await page.Locator("p.search-mode").AllInnerTextsAsync();
            if (!note.Any(n => n.Contains("Matching words only", StringComparison.Ordinal)))
            {
                error.WriteLine($"ui: semantic step active after {waited.Elapsed.TotalSeconds:0} s more");
                return true;
            }
            await Task.Delay(TimeSpan.FromSeconds(10));
        }
        error.WriteLine("ui: the semantic step did not become active within 40 minutes (were the articles' texts in the vector cache?)");
        return false;
    }

    /// <summary>
    /// Copies the quality benchmark's cached vectors (text hash → vector, for this model) into the site's database, as
    /// another node would have stored them: the site's embedding queue then finds each article's texts by hash.
    /// </summary>
    private static int SeedVectors(string database, string folder)
    {
        var model = Search.Semantic.MiniLmEmbedder.KeyFor(Search.Semantic.MiniLmEmbedder.DefaultMaxPieces);
        var path = Path.Combine(folder, string.Concat(model.Select(c => char.IsLetterOrDigit(c) || c is '.' or '-' ? c : '_')) + ".bin");
        if (!File.Exists(path)) return 0;
        const int dimensions = Search.Semantic.MiniLmEmbedder.ModelDimensions;
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database}");
        connection.Open();
        using var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT OR IGNORE INTO TextEmbeddings (Model, ContentHash, Vector, CreatedAt) VALUES ($model, $hash, $vector, $at)";
        var hash = insert.Parameters.Add("$hash", Microsoft.Data.Sqlite.SqliteType.Text);
        var vector = insert.Parameters.Add("$vector", Microsoft.Data.Sqlite.SqliteType.Blob);
        insert.Parameters.AddWithValue("$model", model);
        insert.Parameters.AddWithValue("$at", DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture));
        using var reader = new BinaryReader(File.OpenRead(path));
        var count = 0;
        while (reader.BaseStream.Length - reader.BaseStream.Position >= 32 + 4 * dimensions)
        {
            hash.Value = Convert.ToHexStringLower(reader.ReadBytes(32));
            vector.Value = reader.ReadBytes(4 * dimensions);
            count += insert.ExecuteNonQuery();
        }
        transaction.Commit();
        return count;
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
