using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace KnowledgeBase.Cluster.Tests;

/// <summary>
/// A receiver on a loopback port that does what docs/api.md tells integrators to do: verify the Standard Webhooks
/// signature and process each <c>webhook-id</c> once. It records every request (duplicates included) and can hold
/// requests open (<see cref="Hold"/>) to catch a node with deliveries in flight.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private WebApplication? _app;
    private TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _holding;

    public int Port { get; } = FreePort();
    public string Url => $"http://127.0.0.1:{Port}/hook";
    public string Secret { get; set; } = "";

    /// <summary>Every verified request's webhook-id, in arrival order (at-least-once: may repeat).</summary>
    public ConcurrentQueue<string> Requests { get; } = new();
    /// <summary>webhook-ids processed, each exactly once however often it arrived.</summary>
    public ConcurrentDictionary<string, int> Processed { get; } = new();
    public ConcurrentBag<string> BadSignatures { get; } = [];
    /// <summary>Requests waiting at the gate right now.</summary>
    public int Waiting => _waiting;
    private int _waiting;

    /// <summary>From now on, requests wait until <see cref="Release"/>.</summary>
    public void Hold() => _holding = true;

    public void Release()
    {
        _holding = false;
        _gate.TrySetResult();
    }

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, Port));
        _app = builder.Build();
        _app.MapPost("/hook", async (HttpContext http) =>
        {
            var body = await new StreamReader(http.Request.Body).ReadToEndAsync();
            var id = http.Request.Headers["webhook-id"].ToString();
            if (!Verify(id, http.Request.Headers["webhook-timestamp"].ToString(), body, http.Request.Headers["webhook-signature"].ToString()))
            {
                BadSignatures.Add(id);
                return Results.StatusCode(400);
            }
            Requests.Enqueue(id);
            if (_holding)
            {
                Interlocked.Increment(ref _waiting);
                try
                {
                    await _gate.Task.WaitAsync(http.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    return Results.Empty;
                }
                finally
                {
                    Interlocked.Decrement(ref _waiting);
                }
            }
            // Dedupe on webhook-id: the event's effect happens once.
            Processed.AddOrUpdate(id, 1, (_, n) => n);
            return Results.NoContent();
        });
        await _app.StartAsync();
    }

    /// <summary>Standard Webhooks: base64(HMAC-SHA256(key, "{id}.{timestamp}.{body}")) after "v1,".</summary>
    private bool Verify(string id, string timestamp, string body, string signatures)
    {
        var key = Convert.FromBase64String(Secret["whsec_".Length..]);
        var expected = "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}")));
        return signatures.Split(' ').Any(s => CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(s), Encoding.UTF8.GetBytes(expected)));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        Release();
        if (_app is null) return;
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
