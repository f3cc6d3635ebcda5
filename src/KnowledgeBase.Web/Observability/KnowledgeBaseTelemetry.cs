using System.Diagnostics.Metrics;
using KnowledgeBase.Search.Sync;

namespace KnowledgeBase.Web.Observability;

/// <summary>
/// The site's own instruments (meter <see cref="MeterName"/>): how far this node's index is behind the change log, its
/// document count, the webhook backlog (reported by the node that delivers webhooks, so a cluster-wide sum counts it
/// once) and the Blazor circuits open on this node. Search latency is <see cref="Search.SearchTelemetry"/>.
/// </summary>
public sealed class KnowledgeBaseTelemetry
{
    public const string MeterName = "KnowledgeBase";

    private readonly UpDownCounter<long> _circuits;
    private long _openCircuits;
    private long _webhookBacklog = -1;

    public KnowledgeBaseTelemetry(IMeterFactory meterFactory, IndexSynchronizer synchronizer)
    {
        Meter = meterFactory.Create(MeterName);
        Meter.CreateObservableGauge("kb.index.lag", () => synchronizer.Status.Lag, unit: "{change}",
            description: "Change-log rows committed to the database that this node's index has not applied yet");
        Meter.CreateObservableGauge("kb.index.documents", () => (long)synchronizer.Status.Documents, unit: "{document}",
            description: "Documents in this node's search index");
        Meter.CreateObservableGauge("kb.webhooks.backlog", ObserveBacklog, unit: "{delivery}",
            description: "Webhook deliveries not yet delivered nor given up (reported by the node holding the webhooks lease)");
        _circuits = Meter.CreateUpDownCounter<long>("kb.circuits.open", unit: "{circuit}", description: "Blazor Server circuits open on this node");
    }

    public Meter Meter { get; }

    public long OpenCircuits => Interlocked.Read(ref _openCircuits);

    /// <summary>Set by the webhook dispatcher after each round while it holds the lease; null when it does not.</summary>
    public long? WebhookBacklog
    {
        get => Interlocked.Read(ref _webhookBacklog) is var b and >= 0 ? b : null;
        set => Interlocked.Exchange(ref _webhookBacklog, value ?? -1);
    }

    public void CircuitOpened()
    {
        Interlocked.Increment(ref _openCircuits);
        _circuits.Add(1);
    }

    public void CircuitClosed()
    {
        Interlocked.Decrement(ref _openCircuits);
        _circuits.Add(-1);
    }

    private IEnumerable<Measurement<long>> ObserveBacklog() =>
        WebhookBacklog is { } backlog ? [new Measurement<long>(backlog)] : [];
}
