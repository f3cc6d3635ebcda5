using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Web.Api.Webhooks;

public sealed record SendResult(int? StatusCode, string? Error, int DurationMs)
{
    public bool Delivered => StatusCode is >= 200 and < 300;
}

/// <summary>Posts one signed event: http(s) only, redirects not followed (a 3xx is a failure), a short timeout.</summary>
public sealed class WebhookSender(IHttpClientFactory clients, IOptions<ApiOptions> options, TimeProvider clock)
{
    public const string ClientName = "webhooks";

    public async Task<SendResult> SendAsync(string url, string secret, string eventId, string payload, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
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
        catch (HttpRequestException ex)
        {
            return new SendResult(null, ex.Message, Elapsed(started));
        }
    }

    private static int Elapsed(long started) => (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
}
