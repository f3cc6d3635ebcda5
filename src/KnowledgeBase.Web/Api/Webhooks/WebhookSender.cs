using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using KnowledgeBase.Data.Api;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Web.Api.Webhooks;

public sealed record SendResult(int? StatusCode, string? Error, int DurationMs)
{
    public bool Delivered => StatusCode is >= 200 and < 300;
}

/// <summary>
/// Posts one signed event: http(s) only, only to addresses <see cref="WebhookTargetPolicy"/> allows (checked as it
/// connects), redirects not followed (a 3xx is a failure), a short timeout.
/// </summary>
public sealed class WebhookSender(IHttpClientFactory clients, IOptions<ApiOptions> options, TimeProvider clock)
{
    public const string ClientName = "webhooks";

    public async Task<SendResult> SendAsync(string url, string secret, string eventId, string payload, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            return new SendResult(null, "refused: only absolute http and https URLs receive webhooks", 0);
        try
        {
            var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
            using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
            request.Headers.Add("webhook-id", eventId);
            request.Headers.Add("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
            request.Headers.Add("webhook-signature", WebhookSignature.Sign(secret, eventId, timestamp, payload));
            request.Headers.UserAgent.ParseAdd("KnowledgeBase-Webhooks/1");
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(options.Value.Webhooks.TimeoutSeconds));
            using var response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = (int)response.StatusCode;
            var error = status is >= 300 and < 400 ? "redirect not followed" : status >= 400 ? $"receiver answered {status}" : null;
            return new SendResult(status, error, Elapsed(started));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new SendResult(null, "timed out", Elapsed(started));
        }
        catch (HttpRequestException ex) when (ex.InnerException is WebhookTargetRefusedException refused)
        {
            return new SendResult(null, "refused: " + refused.Message, Elapsed(started));
        }
        catch (HttpRequestException ex)
        {
            return new SendResult(null, ex.Message, Elapsed(started));
        }
    }

    /// <summary>
    /// Connects a delivery only to addresses the policy allows: the host is resolved here, every address is checked, and
    /// the socket goes to those very addresses — so a DNS answer that changed after the subscription (or between a check
    /// and the connection) cannot point a delivery inside the network.
    /// </summary>
    public static Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> ConnectCallback(WebhookTargetPolicy policy) =>
        async (context, cancellationToken) =>
        {
            var addresses = await policy.ResolveAsync(context.DnsEndPoint.Host, cancellationToken);
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        };

    private static int Elapsed(long started) => (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
}
