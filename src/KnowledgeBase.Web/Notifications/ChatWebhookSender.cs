using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Web.Notifications;

/// <summary>
/// Posts a prepared JSON body to a person's chat incoming webhook (Teams or Slack). It connects only where the webhook
/// target policy allows (as webhooks and PSA calls do), follows no redirect and uses no proxy. A 2xx answer is delivered;
/// anything else is a <see cref="ChatPostException"/> with the status and the start of the answer.
/// </summary>
public sealed class ChatWebhookSender(IHttpClientFactory clients, IOptionsMonitor<NotificationOptions> options)
{
    public const string ClientName = "notification-chat";

    public async Task<int> PostAsync(string url, string json, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(Math.Max(1, options.CurrentValue.ChatTimeoutSeconds)));
        using var content = new StringContent(json, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        HttpResponseMessage response;
        try
        {
            response = await clients.CreateClient(ClientName).PostAsync(url, content, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ChatPostException(null, $"no answer within {options.CurrentValue.ChatTimeoutSeconds:0.#} s");
        }
        catch (HttpRequestException ex)
        {
            throw new ChatPostException(null, $"cannot connect ({ex.Message})");
        }
        using (response)
        {
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode) return status;
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new ChatPostException(status, $"the webhook answered HTTP {status}{(body.Length > 0 ? ": " + (body.Length > 200 ? body[..200] : body) : "")}");
        }
    }
}

/// <summary>A chat post that was not accepted; <see cref="StatusCode"/> when the webhook answered at all.</summary>
public sealed class ChatPostException(int? statusCode, string message) : Exception(message)
{
    public int? StatusCode { get; } = statusCode;
}
