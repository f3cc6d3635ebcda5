using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using KnowledgeBase.Web.Tests;

namespace KnowledgeBase.Browser.Tests;

/// <summary>
/// The site on a real Kestrel loopback port and a real headless Chromium (Debian's /usr/bin/chromium) driving it.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public BrowserFixture()
        : this(new KnowledgeBaseSite())
    {
    }

    /// <summary>A browser on a site of the test's own (xunit builds class fixtures with the public constructor).</summary>
    internal BrowserFixture(KnowledgeBaseSite site) => Site = site;

    public KnowledgeBaseSite Site { get; }
    public IPlaywright Playwright { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public string BaseUrl { get; private set; } = "";

    public static string ScreenshotFolder { get; } = Path.Combine(RepositoryPaths.Root, "TestResults", "screenshots");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"Chromium not found at {ChromiumPath}: build/test.sh installs Debian's chromium package.");
        BaseUrl = Site.ServerAddress.ToString();
        // CI machines are shared and the suite runs beside other test projects: wait longer before calling a miss.
        Assertions.SetDefaultExpectTimeout(15_000);
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // This machine has no network beyond package registries: keep Chromium from trying.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        Directory.CreateDirectory(ScreenshotFolder);
    }

    /// <summary>A fresh browser context (its own cookies) signed in through the sign-in page as a new user of the role.</summary>
    public async Task<IPage> SignedInPageAsync(KnowledgeBase.Core.Lifecycle.KcsRole role, int width = 1280, int height = 900,
        KnowledgeBase.Core.Articles.Audience audience = KnowledgeBase.Core.Articles.Audience.Internal)
    {
        var email = $"{role.ToString().ToLowerInvariant()}-{Guid.NewGuid():N}@test.local";
        await Site.CreateUserAsync(email, role, audience);
        return await SignInAsync(email, width, height);
    }

    /// <summary>A fresh browser context signed in through the sign-in page as an existing account (password <see cref="KnowledgeBaseSite.Password"/>).</summary>
    public async Task<IPage> SignInAsync(string email, int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl, ViewportSize = new ViewportSize { Width = width, Height = height } });
        // Generous deadlines (not timings): sign-in hashes a password and CI machines are shared.
        context.SetDefaultTimeout(60_000);
        context.SetDefaultNavigationTimeout(60_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/login");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(KnowledgeBaseSite.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        // The redirect away from sign-in is what proves it worked. Waiting for the next page's load event as well once
        // timed out in CI (only "networkidle" was seen); every test navigates on its own from here.
        // WaitForURLAsync is not enough either: when the address has already changed it waits for the page's load
        // event, which under load once never came within a minute (CI). The committed address is the condition.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (page.Url.Contains("/account/login", StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"still on {page.Url} a minute after signing in as {email}");
            await Task.Delay(25);
        }
        return page;
    }

    /// <summary>
    /// Navigates and returns once the page's Blazor circuit is live: its websocket to /_blazor has delivered a render
    /// batch, so event handlers are attached and clicks and keys reach the server.
    /// </summary>
    public static async Task GotoInteractiveAsync(IPage page, string url)
    {
        // Leave the current page first: a circuit it is still starting (e.g. the page sign-in redirected to) would
        // otherwise deliver the render batch, and typing would land in the new page's prerendered, not yet live, box.
        await page.GotoAsync("about:blank");
        var rendered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnSocket(object? sender, IWebSocket socket)
        {
            if (!socket.Url.Contains("/_blazor", StringComparison.Ordinal)) return;
            socket.FrameReceived += (_, frame) =>
            {
                if ((frame.Text ?? "").Contains("RenderBatch", StringComparison.Ordinal)) rendered.TrySetResult();
            };
        }
        page.WebSocket += OnSocket;
        try
        {
            await page.GotoAsync(url);
            await rendered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            page.WebSocket -= OnSocket;
        }
    }

    /// <summary>Pages without interactive parts open no circuit: for those a plain navigation is enough.</summary>
    public static async Task GotoInteractiveOrStaticAsync(IPage page, string url)
    {
        var path = url.Split('?')[0];
        var interactive = path == "/" || path.EndsWith("/edit", StringComparison.Ordinal) || path == "/articles/new" || path == "/intake";
        if (interactive) await GotoInteractiveAsync(page, url);
        else await page.GotoAsync(url);
    }

    public async Task WaitForSearchIndexAsync()
    {
        var sync = Site.Services.GetRequiredService<KnowledgeBase.Search.Sync.IndexSynchronizer>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (sync.Status.State != KnowledgeBase.Search.Sync.IndexState.Ready)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"search index not ready: {sync.Status}");
            await Task.Delay(50);
        }
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        Playwright?.Dispose();
        await Site.DisposeAsync();
    }
}
