using System.Collections.Concurrent;
using KnowledgeBase.Core.Lifecycle;
using KnowledgeBase.Web.Tests;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace KnowledgeBase.Browser.Tests;

/// <summary>
/// Closing the browser (or the tab) while the editor is open ends its circuit quietly: the components let go of their
/// browser-side modules without an "Unhandled exception in circuit" in the server's log, whether the browser said
/// goodbye or simply vanished.
/// </summary>
public sealed class EditorCloseTests : IAsyncLifetime
{
    private readonly LogCapture _log = new();
    private readonly CircuitTracker _circuits = new();
    private readonly BrowserFixture _browser;

    public EditorCloseTests()
    {
        var log = _log;
        var circuits = _circuits;
        _browser = new BrowserFixture(new KnowledgeBaseSite(services: services =>
        {
            services.AddSingleton<ILoggerProvider>(log);
            services.AddSingleton(circuits);
            services.AddScoped<CircuitHandler>(sp => new TrackingHandler(sp.GetRequiredService<CircuitTracker>()));
            // A browser that vanishes without a goodbye leaves its circuit retained for reconnection: keep that short,
            // so the test sees the circuit disposed (and what its components do then) instead of waiting minutes.
            services.Configure<CircuitOptions>(o => o.DisconnectedCircuitRetentionPeriod = TimeSpan.FromSeconds(1));
        }));
    }

    public Task InitializeAsync() => _browser.InitializeAsync();

    public Task DisposeAsync() => _browser.DisposeAsync();

    [Theory]
    [InlineData("/articles/kb-1001/edit", true)]
    [InlineData("/articles/new", false)]
    public async Task Closing_the_browser_in_the_editor_logs_no_unhandled_exception(string path, bool closeTheTabFirst)
    {
        var page = await _browser.SignedInPageAsync(KcsRole.Contributor);
        await BrowserFixture.GotoInteractiveAsync(page, path);
        // The article's text arrives after the page is live (the box is read-only until then): typing before would be lost.
        var body = page.GetByLabel("Article (Markdown)");
        await Assertions.Expect(body).ToBeEditableAsync();
        // Mid-edit: the preview, the draft and the duplicate check all have work in flight when the browser goes.
        await page.GetByLabel("Title (main issue + main environment)").FillAsync("Outlook keeps asking for the password");
        await body.EvaluateAsync("box => { box.focus(); box.setSelectionRange(box.value.length, box.value.length); }");
        await body.PressSequentiallyAsync("\n\nTyped just before closing");
        await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = "Preview" })).ToContainTextAsync("Typed just before closing");
        Assert.True(_circuits.Open > 0, "the editor should be running in a live circuit");

        if (closeTheTabFirst) await page.CloseAsync(new() { RunBeforeUnload = false });
        await page.Context.CloseAsync();
        await _circuits.AllClosedAsync(TimeSpan.FromSeconds(60));

        var unhandled = _log.Entries.Where(e => e.Level >= LogLevel.Error).ToList();
        Assert.True(unhandled.Count == 0, "the server logged errors when the browser closed:\n" + string.Join("\n", unhandled.Select(e => $"{e.Category}: {e.Message} {e.Exception}")));
    }

    private sealed record LogEntry(string Category, LogLevel Level, string Message, Exception? Exception);

    private sealed class LogCapture : ILoggerProvider
    {
        public ConcurrentQueue<LogEntry> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(LogCapture capture, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel)) capture.Entries.Enqueue(new LogEntry(category, logLevel, formatter(state, exception), exception));
            }
        }
    }

    private sealed class CircuitTracker
    {
        private int _open;
        private TaskCompletionSource _allClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Open => Volatile.Read(ref _open);

        public void Opened() => Interlocked.Increment(ref _open);

        public void Closed()
        {
            if (Interlocked.Decrement(ref _open) == 0) _allClosed.TrySetResult();
        }

        public Task AllClosedAsync(TimeSpan timeout) => Open == 0 ? Task.CompletedTask : _allClosed.Task.WaitAsync(timeout);
    }

    /// <summary>
    /// Counts a circuit closed when its service scope is disposed: that comes after its components are disposed (the
    /// moment they let go of their modules), where OnCircuitClosedAsync comes before.
    /// </summary>
    private sealed class TrackingHandler(CircuitTracker tracker) : CircuitHandler, IDisposable
    {
        private int _opened;

        public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
        {
            if (Interlocked.Exchange(ref _opened, 1) == 0) tracker.Opened();
            return Task.CompletedTask;
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _opened, 0) == 1) tracker.Closed();
        }
    }
}
