using KnowledgeBase.Search;
using KnowledgeBase.Web.Cluster;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace KnowledgeBase.Web.Observability;

/// <summary>
/// Metrics and traces. The instruments always exist (cheap when nobody listens); OpenTelemetry exports them over OTLP
/// only when <c>OpenTelemetry:Endpoint</c> is set (e.g. http://otel-collector:4317), with ASP.NET Core's own metrics
/// and request traces, search spans and Npgsql's database spans. Structured logs need no code: set
/// <c>Logging:Console:FormatterName</c> to <c>json</c>.
/// </summary>
public static class ObservabilityExtensions
{
    public const string ServiceName = "knowledgebase";

    public static void AddKnowledgeBaseTelemetry(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddMetrics();
        services.AddSingleton<KnowledgeBaseTelemetry>();
        services.TryAddEnumerable(ServiceDescriptor.Scoped<CircuitHandler, CircuitCounter>());

        var endpoint = builder.Configuration["OpenTelemetry:Endpoint"];
        if (string.IsNullOrWhiteSpace(endpoint)) return;
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri))
            throw new InvalidOperationException($"OpenTelemetry:Endpoint '{endpoint}' is not an absolute URL (e.g. http://otel-collector:4317).");
        var protocol = string.Equals(builder.Configuration["OpenTelemetry:Protocol"], "http/protobuf", StringComparison.OrdinalIgnoreCase)
            ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
        // The setting is a base endpoint, as OTEL_EXPORTER_OTLP_ENDPOINT: over HTTP each signal has its own path under it
        // (/v1/traces, /v1/metrics), which the exporter does not add to an endpoint set in code; gRPC takes it as is.
        Action<OtlpExporterOptions> Otlp(string signal) => o =>
        {
            o.Protocol = protocol;
            o.Endpoint = protocol == OtlpExportProtocol.HttpProtobuf
                ? new Uri(uri.AbsoluteUri.TrimEnd('/') + "/v1/" + signal)
                : uri;
        };

        var nodeId = new NodeIdentity(Microsoft.Extensions.Options.Options.Create(builder.Configuration.GetSection("Node").Get<NodeOptions>() ?? new NodeOptions())).Id;
        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(ServiceName, serviceInstanceId: nodeId))
            .WithMetrics(m => m
                .AddMeter(KnowledgeBaseTelemetry.MeterName, SearchTelemetry.Name)
                .AddAspNetCoreInstrumentation()
                .AddOtlpExporter(Otlp("metrics")))
            .WithTracing(t => t
                .AddSource(SearchTelemetry.Name, "Npgsql")
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments("/health", StringComparison.Ordinal))
                .AddOtlpExporter(Otlp("traces")));
    }
}
