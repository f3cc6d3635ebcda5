using System.Globalization;
using System.Text;
using KnowledgeBase.Bench.Measurement;
using Microsoft.Playwright;

namespace KnowledgeBase.Bench.Ui;

/// <summary>
/// Typing in the article editor in real Chromium: starts the site (Release, SQLite, the starter content), creates an
/// article of the given size through the editor, opens it, and types bursts of keys with real key events (pauses between
/// bursts let the preview go to the server and come back). Prints, for that article and for a small one: keystroke →
/// next frame (from the key event's time stamp to the frame after the input was handled), and pause → the preview shows
/// the burst's last word; and, as the floor, keystroke → next frame in a bare textarea holding the same text.
/// usage: ui-editor [--size 200000] [--keystrokes 300] [--burst 25] [--key-ms 60] [--pause-ms 900] [--chromium /usr/bin/chromium]
/// </summary>
public static class EditorTypingCommand
{
    private const string Usage = "usage: ui-editor [--size 200000] [--keystrokes 300] [--burst 25] [--key-ms 60] [--pause-ms 900] [--chromium PATH]";

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var size = 200_000;
        var keystrokes = 300;
        var burst = 25;
        var keyMs = 60;
        var pauseMs = 900;
        var chromium = "/usr/bin/chromium";
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            try
            {
                switch (args[i])
                {
                    case "--size": size = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--keystrokes": keystrokes = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--burst": burst = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--key-ms": keyMs = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--pause-ms": pauseMs = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--chromium": chromium = Next(); break;
                    default: error.WriteLine($"ui-editor: unknown option {args[i]}"); return 2;
                }
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException)
            {
                error.WriteLine($"ui-editor: {ex.Message}");
                return 2;
            }
        }
        if (size is < 1_000 or > 500_000 || keystrokes < 1 || burst < 1 || keyMs < 0 || pauseMs < 0)
        {
            error.WriteLine(Usage);
            return 2;
        }
        return RunAsync(size, keystrokes, burst, keyMs, pauseMs, chromium, output, error).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(int size, int keystrokes, int burst, int keyMs, int pauseMs, string chromium, TextWriter output, TextWriter error)
    {
        using var site = await BenchSite.StartAsync(Path.Combine(BenchSite.FindRepository(), "content"), "Contributor", error);
        if (site is null) return 1;
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BenchSite.LaunchChromiumAsync(playwright, chromium);
        var page = await site.SignedInPageAsync(browser);
        page.SetDefaultTimeout(120_000);

        output.WriteLine($"editor typing, real Chromium: {keystrokes} keystrokes per article in bursts of {burst}, {keyMs} ms between keys, {pauseMs} ms between bursts");
        foreach (var length in new[] { 2_000, size })
        {
            var id = await CreateAsync(page, length);
            await OpenEditorAsync(page, $"/articles/{id}/edit");
            var (keys, previews) = await TypeAsync(page, keystrokes, burst, keyMs, pauseMs);
            output.WriteLine($"{length,9:N0} characters, editor:        keystroke → next frame p50 {Percentile.NearestRank(keys, 50):0.0} ms  p95 {Percentile.NearestRank(keys, 95):0.0} ms  max {keys.Max():0.0} ms ({keys.Count} keys);  "
                + $"pause → preview shows it p50 {Percentile.NearestRank(previews, 50):0} ms  p95 {Percentile.NearestRank(previews, 95):0} ms ({previews.Count} bursts, the 400 ms pause included)");
        }
        // What Chromium itself costs: the same text in a bare textarea, no site, no script of ours.
        await page.SetContentAsync($"<textarea id='editor-body' rows='22' cols='80' aria-label='Article (Markdown)'></textarea><div class='preview'></div>");
        await page.Locator("#editor-body").EvaluateAsync("(el, text) => el.value = text", Body(size));
        var (bare, _) = await TypeAsync(page, keystrokes, burst, keyMs, pauseMs, preview: false);
        output.WriteLine($"{size,9:N0} characters, bare textarea: keystroke → next frame p50 {Percentile.NearestRank(bare, 50):0.0} ms  p95 {Percentile.NearestRank(bare, 95):0.0} ms  max {bare.Max():0.0} ms ({bare.Count} keys)");
        return 0;
    }

    /// <summary>Creates the article through the editor itself (so the save path of a long text is exercised too).</summary>
    private static async Task<string> CreateAsync(IPage page, int length)
    {
        await OpenEditorAsync(page, "/articles/new");
        await page.GetByLabel("Title (main issue + main environment)").FillAsync($"Editor benchmark article of {length:N0} characters");
        await page.GetByLabel("Article (Markdown)").FillAsync(Body(length));
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await page.WaitForURLAsync(u => !u.EndsWith("/articles/new", StringComparison.Ordinal));
        return page.Url.Split('/')[^1];
    }

    private static async Task OpenEditorAsync(IPage page, string url)
    {
        await page.GotoAsync(url);
        await page.WaitForFunctionAsync("() => { const box = document.getElementById('editor-body'); return box && !box.disabled && !box.closest('fieldset:disabled'); }");
    }

    private static async Task<(List<double> Keys, List<double> Previews)> TypeAsync(IPage page, int keystrokes, int burst, int keyMs, int pauseMs, bool preview = true)
    {
        await page.EvaluateAsync(Instrument);
        var box = page.GetByLabel("Article (Markdown)");
        await box.EvaluateAsync("el => { el.focus(); el.setSelectionRange(el.value.length, el.value.length); }");
        var previews = new List<double>();
        for (int typed = 0, n = 1; typed < keystrokes; n++)
        {
            var word = $" zq{n:D3}x";
            var count = Math.Min(burst, keystrokes - typed);
            var text = count > word.Length ? string.Concat(Enumerable.Repeat(" lorem", burst))[..(count - word.Length)] + word : word;
            await page.EvaluateAsync("word => window.__kbBench.expect(word.trim())", word);
            await page.Keyboard.TypeAsync(text, new() { Delay = keyMs });
            typed += text.Length;
            if (preview)
            {
                var ms = await page.EvaluateAsync<double>("() => window.__kbBench.previewShown()");
                if (ms >= 0) previews.Add(ms);
            }
            await Task.Delay(pauseMs);
        }
        var keys = (await page.EvaluateAsync<double[]>("() => window.__kbBench.keys")).ToList();
        return (keys, previews);
    }

    // keydown's time stamp is when the browser took the key; the frame after the input was handled is when the user sees
    // the character. The preview watcher times the pause after the last key of a burst until the preview shows its word.
    private const string Instrument = """
        () => {
            const box = document.getElementById('editor-body');
            const preview = document.querySelector('.preview');
            const bench = window.__kbBench = { keys: [], pending: null, word: null, lastKey: 0, shown: null };
            box.addEventListener('keydown', (ev) => { bench.pending = ev.timeStamp; });
            box.addEventListener('input', () => {
                const t0 = bench.pending;
                bench.lastKey = performance.now();
                if (t0 === null) return;
                bench.pending = null;
                requestAnimationFrame(() => setTimeout(() => bench.keys.push(performance.now() - t0), 0));
            });
            bench.expect = (word) => { bench.word = word; bench.shown = null; };
            new MutationObserver(() => {
                if (bench.word && bench.shown === null && preview.textContent.includes(bench.word)) bench.shown = performance.now() - bench.lastKey;
            }).observe(preview, { childList: true, subtree: true, characterData: true });
            bench.previewShown = () => new Promise(resolve => {
                const started = performance.now();
                const poll = () => {
                    if (bench.shown !== null) resolve(bench.shown);
                    else if (performance.now() - started > 10000) resolve(-1);
                    else setTimeout(poll, 10);
                };
                poll();
            });
        }
        """;

    /// <summary>A KCS article of <paramref name="length"/> characters: Issue, Environment, then a long numbered Resolution.</summary>
    private static string Body(int length)
    {
        var text = new StringBuilder("## Issue\nThe export stops with error 0x80070005 on mailboxes over 50 GB.\n\n## Environment\nExchange Online, PowerShell 7.4.\n\n## Resolution\n");
        for (var i = 1; text.Length < length; i++)
            text.Append(CultureInfo.InvariantCulture, $"{i}. Run `Get-MailboxStatistics -Identity user{i}@contoso.com` and compare its item count with line {i * 7} of the export log.\n");
        text.Length = length - 1;
        return text.Append('\n').ToString();
    }
}
