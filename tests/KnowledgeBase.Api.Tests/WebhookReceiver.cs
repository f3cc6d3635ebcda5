using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using KnowledgeBase.Web.Api.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace KnowledgeBase.Api.Tests;

/// <summary>A webhook receiver on a loopback port that verifies every signature, as an integrator's would.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private WebApplication? _app;

    public WebhookReceiver(int? port = null) => Port = port ?? FreePort();

    public int Port { get; }
    public string Url => $"http://127.0.0.1:{Port}/hook";
    public string Secret { get; set; } = "";
    /// <summary>Verified events by webhook-id (duplicates from at-least-once delivery collapse here).</summary>
    public ConcurrentDictionary<string, JsonElement> Events { get; } = new();
    public ConcurrentBag<string> BadSignatures { get; } = [];
    public int Received => _received;
    private int _received;

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, Port));
        _app = builder.Build();
        _app.MapPost("/hook", async (HttpContext http) =>
        {
            Interlocked.Increment(ref _received);
            var body = await new StreamReader(http.Request.Body).ReadToEndAsync();
            var id = http.Request.Headers["webhook-id"].ToString();
            var timestamp = http.Request.Headers["webhook-timestamp"].ToString();
            var signature = http.Request.Headers["webhook-signature"].ToString();
            if (!WebhookSignature.Verify(Secret, id, timestamp, body, signature))
            {
                BadSignatures.Add(id);
                return Results.StatusCode(400);
            }
            var envelope = JsonDocument.Parse(body).RootElement.Clone();
            Assert.Equal(id, envelope.GetProperty("id").GetString());
            Events[id] = envelope;
            return Results.NoContent();
        });
        await _app.StartAsync();
    }

    public async Task StopAsync()
    {
        if (_app is null) return;
        await _app.StopAsync();
        await _app.DisposeAsync();
        _app = null;
    }

    public async Task<JsonElement> WaitForAsync(Func<JsonElement, bool> match, string what, int seconds = 30)
    {
        for (var i = 0; i < seconds * 10; i++)
        {
            var found = Events.Values.Where(match).ToList();
            if (found.Count > 0) return found[0];
            await Task.Delay(100);
        }
        throw new TimeoutException($"no webhook {what} within {seconds} s; got: {string.Join(", ", Events.Values.Select(e => e.GetProperty("type").GetString()))}");
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}
