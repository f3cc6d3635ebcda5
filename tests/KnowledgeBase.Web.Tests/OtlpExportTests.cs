using System.Collections.Concurrent;
using System.Net;
using System.Text;
using KnowledgeBase.Testing;
using KnowledgeBase.Web.Observability;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace KnowledgeBase.Web.Tests;

/// <summary>
/// Metrics and traces reach an OTLP receiver on a loopback port, over both protocols a collector offers: HTTP/protobuf
/// at /v1/traces and /v1/metrics, and gRPC (HTTP/2) at the collector services' Export methods.
/// </summary>
public sealed class OtlpExportTests
{
    [Theory]
    [InlineData("http/protobuf", "/v1/traces", "/v1/metrics", "application/x-protobuf")]
    [InlineData("grpc", "/opentelemetry.proto.collector.trace.v1.TraceService/Export", "/opentelemetry.proto.collector.metrics.v1.MetricsService/Export", "application/grpc")]
    public async Task Traces_and_metrics_of_served_requests_reach_an_otlp_receiver(string protocol, string tracesPath, string metricsPath, string contentType)
    {
        await using var receiver = new OtlpReceiver(http2Only: protocol == "grpc");
        await receiver.StartAsync();
        var site = new KnowledgeBaseSite(new Dictionary<string, string?>
        {
            ["OpenTelemetry:Endpoint"] = receiver.BaseUrl,
            ["OpenTelemetry:Protocol"] = protocol,
        });
        try
        {
            var client = await site.SignedInClientAsync(KnowledgeBase.Core.Lifecycle.KcsRole.Contributor);
            for (var i = 0; i < 5; i++) Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/?q=outlook")).StatusCode);
        }
        finally
        {
            // Stopping the site flushes what the exporters still hold, metrics included.
            await site.DisposeAsync();
        }

        var traces = receiver.Requests.Where(r => r.Path == tracesPath).ToList();
        var metrics = receiver.Requests.Where(r => r.Path == metricsPath).ToList();
        Assert.True(traces.Count > 0, $"no traces at {tracesPath}; requests: {string.Join(", ", receiver.Requests.Select(r => r.Path))}");
        Assert.True(metrics.Count > 0, $"no metrics at {metricsPath}; requests: {string.Join(", ", receiver.Requests.Select(r => r.Path))}");
        Assert.All(receiver.Requests, r => Assert.StartsWith(contentType, r.ContentType));
        // Protobuf keeps strings as they are: the service name and what was measured can be found in the bytes.
        Assert.Contains(traces, r => Contains(r.Body, ObservabilityExtensions.ServiceName) && Contains(r.Body, "GET /"));
        Assert.Contains(metrics, r => Contains(r.Body, ObservabilityExtensions.ServiceName) && Contains(r.Body, "http.server.request.duration"));
    }

    private static bool Contains(byte[] body, string text) => body.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;

    private sealed class OtlpReceiver(bool http2Only) : IAsyncDisposable
    {
        private readonly int _port = LoopbackPorts.Free();
        private WebApplication? _app;

        public string BaseUrl => $"http://127.0.0.1:{_port}";
        public ConcurrentQueue<(string Path, string ContentType, byte[] Body)> Requests { get; } = new();

        public async Task StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            // gRPC over plain-text HTTP/2 (prior knowledge), as a collector listening on 4317 without TLS.
            builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, _port, l => l.Protocols = http2Only ? HttpProtocols.Http2 : HttpProtocols.Http1));
            _app = builder.Build();
            _app.Run(async http =>
            {
                using var body = new MemoryStream();
                await http.Request.Body.CopyToAsync(body);
                Requests.Enqueue((http.Request.Path.Value ?? "", http.Request.ContentType ?? "", body.ToArray()));
                if (http2Only)
                {
                    // An empty Export response: a zero-length, uncompressed message and grpc-status 0.
                    http.Response.ContentType = "application/grpc";
                    http.Response.AppendTrailer("grpc-status", "0");
                    await http.Response.Body.WriteAsync(new byte[5]);
                }
                else
                {
                    http.Response.ContentType = "application/x-protobuf";
                }
            });
            await _app.StartAsync();
        }


        public async ValueTask DisposeAsync()
        {
            if (_app is not null) await _app.DisposeAsync();
        }
    }
}
