using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Xunit;

namespace KnowledgeBase.Testing;

/// <summary>
/// A webhook receiver on a loopback port that does what docs/api.md tells integrators to do: verify the Standard
/// Webhooks signature (with its own HMAC, not the product's code) and process each <c>webhook-id</c> once. It records
/// every request, duplicates included, and can hold requests open (<see cref="Hold"/>) to catch a sender with
/// deliveries in flight.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private WebApplication? _app;
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _holding;
    private int _received;
    private int _waiting;

    public WebhookReceiver(int? port = null) => Port = port ?? LoopbackPorts.Free();

    public int Port { get; }
    public string Url => $"http://127.0.0.1:{Port}/hook";
    public string Secret { get; set; } = "";

    /// <summary>Requests that reached the receiver, whatever their signature.</summary>
    public int Received => _received;
    /// <summary>Verified events by webhook-id (duplicates from at-least-once delivery collapse here).</summary>
    public ConcurrentDictionary<string, JsonElement> Events { get; } = new();
    /// <summary>Every verified request's webhook-id, in arrival order (at-least-once: may repeat).</summary>
    public ConcurrentQueue<string> Requests { get; } = new();
    /// <summary>webhook-ids processed, each exactly once however often it arrived.</summary>
    public ConcurrentDictionary<string, int> Processed { get; } = new();
    public ConcurrentBag<string> BadSignatures { get; } = [];
    /// <summary>Unsigned chat incoming-webhook posts (Teams, Slack) by the name in their URL, in arrival order.</summary>
    public ConcurrentQueue<(string Name, JsonElement Body)> ChatPosts { get; } = new();
    /// <summary>The status the chat endpoint answers (200 by default, as Slack does; Teams answers 202).</summary>
    public int ChatStatus { get; set; } = 200;

    /// <summary>A chat incoming-webhook URL on this receiver (a person's Teams or Slack channel).</summary>
    public string ChatUrl(string name) => $"http://127.0.0.1:{Port}/chat/{Uri.EscapeDataString(name)}";

    /// <summary>Requests waiting at the gate right now.</summary>
    public int Waiting => _waiting;

    /// <summary>From now on, verified requests wait until <see cref="Release"/>.</summary>
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
            Interlocked.Increment(ref _received);
            var body = await new StreamReader(http.Request.Body).ReadToEndAsync();
            var id = http.Request.Headers["webhook-id"].ToString();
            if (!Verify(id, http.Request.Headers["webhook-timestamp"].ToString(), body, http.Request.Headers["webhook-signature"].ToString()))
            {
                BadSignatures.Add(id);
                return Results.StatusCode(400);
            }
            var envelope = JsonDocument.Parse(body).RootElement.Clone();
            Assert.Equal(id, envelope.GetProperty("id").GetString());
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
            Events[id] = envelope;
            return Results.NoContent();
        });
        // Chat webhooks are not signed: whoever knows the URL may post, as with Teams and Slack.
        _app.MapPost("/chat/{name}", async (string name, HttpContext http) =>
        {
            var body = await new StreamReader(http.Request.Body).ReadToEndAsync();
            ChatPosts.Enqueue((name, JsonDocument.Parse(body).RootElement.Clone()));
            return Results.Text("ok", statusCode: ChatStatus);
        });
        await _app.StartAsync();
    }

    /// <summary>Standard Webhooks: "v1," + base64(HMAC-SHA256(key, "{id}.{timestamp}.{body}")), key = the secret after "whsec_".</summary>
    private bool Verify(string id, string timestamp, string body, string signatures)
    {
        if (!Secret.StartsWith("whsec_", StringComparison.Ordinal)) return false;
        byte[] key;
        try
        {
            key = Convert.FromBase64String(Secret["whsec_".Length..]);
        }
        catch (FormatException)
        {
            return false;
        }
        var expected = Encoding.UTF8.GetBytes("v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}"))));
        return signatures.Split(' ').Any(s => CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(s), expected));
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

    public async Task<JsonElement> WaitForChatAsync(string name, int seconds = 30)
    {
        for (var i = 0; i < seconds * 10; i++)
        {
            var found = ChatPosts.Where(p => p.Name == name).ToList();
            if (found.Count > 0) return found[0].Body;
            await Task.Delay(100);
        }
        throw new TimeoutException($"no chat post to {name} within {seconds} s; got posts to: {string.Join(", ", ChatPosts.Select(p => p.Name))}");
    }

    public async Task StopAsync()
    {
        if (_app is null) return;
        await _app.StopAsync();
        await _app.DisposeAsync();
        _app = null;
    }

    public async ValueTask DisposeAsync()
    {
        Release();
        await StopAsync();
    }
}
