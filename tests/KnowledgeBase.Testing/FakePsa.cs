using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace KnowledgeBase.Testing;

/// <summary>One request the fake PSA received, as it arrived.</summary>
public sealed record PsaRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, string Body);

/// <summary>
/// A PSA's REST API on a loopback port, answering the documented paths with the documented bodies a test gives it
/// (<see cref="Answer"/>), recording every request so a test can check its documented shape, and failing a path a
/// given number of times first (<see cref="FailNext"/>). Anything not set up answers 404, as the vendor would.
/// </summary>
public sealed class FakePsa : IAsyncDisposable
{
    private WebApplication? _app;
    private readonly ConcurrentDictionary<string, (int Status, string Body)> _answers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _failures = new(StringComparer.Ordinal);

    public FakePsa() => Port = LoopbackPorts.Free();

    public int Port { get; }
    public string BaseUrl => $"http://127.0.0.1:{Port}";
    public ConcurrentQueue<PsaRequest> Requests { get; } = new();

    /// <summary>What <c>METHOD path</c> (path without the query) answers.</summary>
    public void Answer(string method, string path, string body, int status = 200) => _answers[$"{method} {path}"] = (status, body);

    /// <summary>The next <paramref name="times"/> requests to <c>METHOD path</c> answer 503.</summary>
    public void FailNext(string method, string path, int times) => _failures[$"{method} {path}"] = times;

    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile string? _held;
    private int _waiting;

    /// <summary>Requests to <c>METHOD path</c>, once recorded, wait to be answered until <see cref="Release"/> (a slow PSA).</summary>
    public void Hold(string method, string path) => _held = $"{method} {path}";

    /// <summary>Requests waiting at the gate right now.</summary>
    public int Waiting => _waiting;

    public void Release()
    {
        _held = null;
        _gate.TrySetResult();
    }

    public IReadOnlyList<PsaRequest> To(string method, string path) =>
        Requests.Where(r => r.Method == method && r.PathAndQuery.Split('?')[0] == path).ToList();

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, Port));
        _app = builder.Build();
        _app.Run(async http =>
        {
            var body = await new StreamReader(http.Request.Body).ReadToEndAsync();
            var headers = http.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
            Requests.Enqueue(new PsaRequest(http.Request.Method, http.Request.Path + http.Request.QueryString, headers, body));
            var key = $"{http.Request.Method} {http.Request.Path}";
            if (_held == key)
            {
                Interlocked.Increment(ref _waiting);
                try
                {
                    await _gate.Task.WaitAsync(http.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                finally
                {
                    Interlocked.Decrement(ref _waiting);
                }
            }
            if (_failures.TryGetValue(key, out var left) && left > 0)
            {
                _failures[key] = left - 1;
                http.Response.StatusCode = 503;
                await http.Response.WriteAsync("{\"errors\":[\"Service temporarily unavailable\"]}");
                return;
            }
            if (!_answers.TryGetValue(key, out var answer))
            {
                http.Response.StatusCode = 404;
                await http.Response.WriteAsync("{\"errors\":[\"not found\"]}");
                return;
            }
            http.Response.StatusCode = answer.Status;
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(answer.Body);
        });
        await _app.StartAsync();
    }

    public async Task<PsaRequest> WaitForAsync(string method, string path, int count = 1, int seconds = 30)
    {
        for (var i = 0; i < seconds * 20; i++)
        {
            var found = To(method, path);
            if (found.Count >= count) return found[count - 1];
            await Task.Delay(50);
        }
        throw new TimeoutException($"no {method} {path} (#{count}) within {seconds} s; got: {string.Join(", ", Requests.Select(r => r.Method + " " + r.PathAndQuery))}");
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is null) return;
        await _app.StopAsync();
        await _app.DisposeAsync();
        _app = null;
    }
}
