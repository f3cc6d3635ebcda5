using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Json;
using KnowledgeBase.Search;
using KnowledgeBase.Web.Observability;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace KnowledgeBase.Web.Tests;

/// <summary>The instruments the site publishes, read with a MeterListener as any exporter would; health ready vs live.</summary>
public sealed class ObservabilityTests : IAsyncLifetime
{
    private readonly KnowledgeBaseSite _site = new(new Dictionary<string, string?> { ["Api:Webhooks:PollSeconds"] = "0.1" });
    private readonly ConcurrentQueue<(string Name, double Value, string? Operation)> _measurements = new();
    private readonly MeterListener _listener = new();

    public Task InitializeAsync()
    {
        _ = _site.ServerAddress;
        var factory = _site.Services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            // This site's meter (created by its own factory), and the search engine's.
            if ((instrument.Meter.Name == KnowledgeBaseTelemetry.MeterName && instrument.Meter.Scope == factory) || instrument.Meter.Name == SearchTelemetry.Name)
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
        return Task.CompletedTask;
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        string? operation = null;
        foreach (var tag in tags) if (tag.Key == "operation") operation = tag.Value as string;
        _measurements.Enqueue((instrument.Name, value, operation));
    }

    public async Task DisposeAsync()
    {
        _listener.Dispose();
        await _site.DisposeAsync();
    }

    [Fact]
    public async Task The_meters_report_search_latency_index_lag_and_size_webhook_backlog_and_open_circuits()
    {
        var client = await _site.SignedInClientAsync(KnowledgeBase.Core.Lifecycle.KcsRole.Contributor);
        await _site.WaitForSearchAsync();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/?q=outlook")).StatusCode);
        Assert.Contains(_measurements, m => m.Name == "kb.search.duration" && m.Operation == "search" && m.Value > 0);

        _listener.RecordObservableInstruments();
        Assert.Contains(_measurements, m => m.Name == "kb.index.lag" && m.Value == 0);
        var documents = Directory.GetFiles(Path.Combine(RepositoryPaths.Content, "articles"), "*.md").Length;
        Assert.Contains(_measurements, m => m.Name == "kb.index.documents" && m.Value == documents);

        // The single node holds the webhooks lease, so it reports the backlog once its dispatcher has run a round.
        for (var i = 0; i < 300 && !_measurements.Any(m => m.Name == "kb.webhooks.backlog"); i++)
        {
            await Task.Delay(100);
            _listener.RecordObservableInstruments();
        }
        Assert.Contains(_measurements, m => m.Name == "kb.webhooks.backlog" && m.Value == 0);

        // The circuit handler the site registered counts circuits up and down.
        await using var scope = _site.Services.CreateAsyncScope();
        var counter = Assert.Single(scope.ServiceProvider.GetServices<CircuitHandler>().OfType<CircuitCounter>());
        await counter.OnCircuitOpenedAsync(null!, CancellationToken.None);
        await counter.OnCircuitOpenedAsync(null!, CancellationToken.None);
        await counter.OnCircuitClosedAsync(null!, CancellationToken.None);
        Assert.Equal([1, 1, -1], _measurements.Where(m => m.Name == "kb.circuits.open").Select(m => m.Value));
        Assert.Equal(1, _site.Services.GetRequiredService<KnowledgeBaseTelemetry>().OpenCircuits);
    }

    [Fact]
    public async Task Live_answers_without_checks_and_ready_checks_the_database_and_the_index()
    {
        var client = _site.CreateLoopbackClient();
        var live = JsonDocument.Parse(await client.GetStringAsync("/health/live")).RootElement;
        Assert.Equal("Healthy", live.GetProperty("status").GetString());
        Assert.Empty(live.GetProperty("checks").EnumerateObject());
        Assert.False(string.IsNullOrEmpty(live.GetProperty("node").GetString()));

        await _site.WaitForSearchAsync();
        var ready = JsonDocument.Parse(await client.GetStringAsync("/health/ready")).RootElement;
        Assert.Equal(["database", "search"], ready.GetProperty("checks").EnumerateObject().Select(c => c.Name).Order());
        Assert.Equal("Healthy", ready.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Without_an_endpoint_nothing_is_exported_and_with_one_metrics_and_traces_go_over_otlp()
    {
        Assert.Null(_site.Services.GetService<MeterProvider>());
        Assert.Null(_site.Services.GetService<TracerProvider>());

        await using var exporting = new KnowledgeBaseSite(new Dictionary<string, string?> { ["OpenTelemetry:Endpoint"] = "http://127.0.0.1:4317" });
        _ = exporting.ServerAddress;
        Assert.NotNull(exporting.Services.GetService<MeterProvider>());
        Assert.NotNull(exporting.Services.GetService<TracerProvider>());
    }
}
