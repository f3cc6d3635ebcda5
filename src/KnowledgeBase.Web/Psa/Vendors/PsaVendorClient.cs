using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using KnowledgeBase.Core.Psa;
using KnowledgeBase.Data.Psa;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Web.Psa.Vendors;

/// <summary>
/// The PSAs' REST APIs, as each documents them (docs/psa.md lists the sources): reading a ticket the receiver or the
/// panel has not seen, ConnectWise's callback signing key, Autotask company names, and posting the internal note of a
/// write-back. Requests go through the "psa" HTTP client: only to addresses the webhook target policy allows (an
/// on-premises PSA is let in with <c>Api:Webhooks:AllowedNetworks</c>), no redirects, no proxy, a short timeout.
/// </summary>
public sealed class PsaVendorClient(IHttpClientFactory clients, PsaInstanceStore instances, IOptions<PsaOptions> options, TimeProvider clock)
{
    public const string ClientName = "psa";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly ConcurrentDictionary<string, (string Key, DateTimeOffset Until)> _signingKeys = new();
    private readonly ConcurrentDictionary<long, (string Token, DateTimeOffset Until, string For)> _haloTokens = new();

    /// <summary>A ticket as the PSA has it now.</summary>
    public async Task<PsaTicketEvent> FetchTicketAsync(PsaInstance instance, string ticketId, CancellationToken cancellationToken)
    {
        var id = Uri.EscapeDataString(ticketId);
        switch (instance.System)
        {
            case PsaSystem.ConnectWise:
            {
                var ticket = ConnectWisePayload.Ticket(await GetJsonAsync(instance, $"service/tickets/{id}", cancellationToken));
                if (ticket.Description is null)
                {
                    // The REST model has no description: it is the ticket's first description note.
                    var notes = await GetJsonAsync(instance, $"service/tickets/{id}/notes?conditions=detailDescriptionFlag%3Dtrue&orderBy=id%20asc&pageSize=1", cancellationToken);
                    ticket = ticket with { Description = ConnectWisePayload.FirstDescription(notes) };
                }
                return ticket;
            }
            case PsaSystem.Autotask:
            {
                var ticket = AutotaskPayload.Item(await GetJsonAsync(instance, $"Tickets/{id}", cancellationToken));
                return ticket.ClientId is { } company ? ticket with { Client = await CompanyNameAsync(instance, company, cancellationToken) } : ticket;
            }
            case PsaSystem.Halo:
                return HaloPayload.Ticket(await GetJsonAsync(instance, $"api/Tickets/{id}", cancellationToken));
            default:
                throw new PsaVendorException($"Unknown PSA {instance.System}.");
        }
    }

    /// <summary>An Autotask company's name (tickets carry only its id).</summary>
    public async Task<string?> CompanyNameAsync(PsaInstance instance, string companyId, CancellationToken cancellationToken) =>
        AutotaskPayload.CompanyName(await GetJsonAsync(instance, $"Companies/{Uri.EscapeDataString(companyId)}", cancellationToken));

    /// <summary>
    /// The key that signs a ConnectWise callback, from its <c>Metadata.key_url</c> — fetched only from the instance's own
    /// ConnectWise (same scheme, host and port as its REST base), never from wherever a payload points, and kept for
    /// ten minutes.
    /// </summary>
    public async Task<string> ConnectWiseSigningKeyAsync(PsaInstance instance, string keyUrl, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(keyUrl, UriKind.Absolute, out var key) || !Uri.TryCreate(instance.ApiBaseUrl, UriKind.Absolute, out var api))
            throw new PsaVendorException("The callback's Metadata.key_url is not an absolute URL, or the instance has no ConnectWise REST base to compare it with.");
        if (!string.Equals(key.GetLeftPart(UriPartial.Authority), api.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase) || key.UserInfo.Length > 0)
            throw new PsaVendorException($"The callback's key_url points to {key.GetLeftPart(UriPartial.Authority)}, not to this instance's ConnectWise ({api.GetLeftPart(UriPartial.Authority)}).");
        var cacheKey = instance.Id + "|" + keyUrl;
        if (_signingKeys.TryGetValue(cacheKey, out var cached) && cached.Until > clock.GetUtcNow()) return cached.Key;
        using var request = new HttpRequestMessage(HttpMethod.Get, key);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var answer = await SendJsonAsync(request, cancellationToken);
        var signing = answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty("signing_key", out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        if (string.IsNullOrEmpty(signing)) throw new PsaVendorException("ConnectWise's key_url answered without a signing_key.");
        _signingKeys[cacheKey] = (signing, clock.GetUtcNow().AddMinutes(10));
        return signing;
    }

    /// <summary>Posts an internal note to the ticket; returns the note's id when the PSA says it.</summary>
    public async Task<string?> PostNoteAsync(PsaInstance instance, string ticketId, string title, string text, CancellationToken cancellationToken)
    {
        var id = Uri.EscapeDataString(ticketId);
        JsonElement answer;
        switch (instance.System)
        {
            case PsaSystem.ConnectWise:
                // Service ticket notes: an internal analysis note (not sent to the contact).
                answer = await SendAsync(instance, HttpMethod.Post, $"service/tickets/{id}/notes",
                    new { text, detailDescriptionFlag = false, internalAnalysisFlag = true, resolutionFlag = false }, cancellationToken);
                return Id(answer, "id");
            case PsaSystem.Autotask:
                // TicketNotes as a child of the ticket; publish 2 = internal only, noteType 1 (the first of the default note types).
                answer = await SendAsync(instance, HttpMethod.Post, $"Tickets/{id}/Notes",
                    new { ticketID = long.TryParse(ticketId, out var numeric) ? numeric : (object)ticketId, title, description = text, noteType = 1, publish = 2 }, cancellationToken);
                return Id(answer, "itemId") ?? Id(answer, "id");
            case PsaSystem.Halo:
                // Actions: a private note, hidden from the end user.
                answer = await SendAsync(instance, HttpMethod.Post, "api/Actions",
                    new[] { new { ticket_id = long.TryParse(ticketId, out var haloId) ? haloId : (object)ticketId, outcome = "Private Note", note = text, hiddenfromuser = true } }, cancellationToken);
                return answer.ValueKind == JsonValueKind.Array && answer.GetArrayLength() > 0 ? Id(answer[0], "id") : Id(answer, "id");
            default:
                throw new PsaVendorException($"Unknown PSA {instance.System}.");
        }
    }

    private static string? Id(JsonElement answer, string property) =>
        answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty(property, out var value) && value.ValueKind is JsonValueKind.Number or JsonValueKind.String ? value.ToString() : null;

    private Task<JsonElement> GetJsonAsync(PsaInstance instance, string path, CancellationToken cancellationToken) =>
        SendAsync(instance, HttpMethod.Get, path, null, cancellationToken);

    private async Task<JsonElement> SendAsync(PsaInstance instance, HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        var credentials = instances.Credentials(instance);
        if (string.IsNullOrWhiteSpace(instance.ApiBaseUrl) || credentials is null)
            throw new PsaVendorException($"{instance.DisplayName} has no REST base URL and credentials: an Admin sets them on the instance's settings page.");
        using var request = new HttpRequestMessage(method, new Uri(instance.ApiBaseUrl.TrimEnd('/') + "/" + path));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (body is not null) request.Content = new StringContent(JsonSerializer.Serialize(body, Json), Encoding.UTF8, "application/json");
        switch (instance.System)
        {
            case PsaSystem.ConnectWise:
                // Basic company+publicKey:privateKey, and the integration's clientId header.
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
                    Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credentials.CompanyId}+{credentials.PublicKey}:{credentials.PrivateKey}")));
                request.Headers.Add("clientId", credentials.ClientId);
                break;
            case PsaSystem.Autotask:
                request.Headers.Add("ApiIntegrationCode", credentials.IntegrationCode);
                request.Headers.Add("UserName", credentials.UserName);
                request.Headers.Add("Secret", credentials.Secret);
                break;
            case PsaSystem.Halo:
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await HaloTokenAsync(instance, credentials, cancellationToken));
                break;
        }
        return await SendJsonAsync(request, cancellationToken);
    }

    /// <summary>HaloPSA's OAuth2 client-credentials token (<c>POST {base}/auth/token</c>), kept until shortly before it expires.</summary>
    private async Task<string> HaloTokenAsync(PsaInstance instance, PsaCredentials credentials, CancellationToken cancellationToken)
    {
        var forCredentials = $"{credentials.ClientId}|{credentials.ClientSecret}|{credentials.Tenant}";
        if (_haloTokens.TryGetValue(instance.Id, out var cached) && cached.For == forCredentials && cached.Until > clock.GetUtcNow()) return cached.Token;
        var url = instance.ApiBaseUrl!.TrimEnd('/') + "/auth/token" + (string.IsNullOrWhiteSpace(credentials.Tenant) ? "" : "?tenant=" + Uri.EscapeDataString(credentials.Tenant));
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials", ["client_id"] = credentials.ClientId ?? "", ["client_secret"] = credentials.ClientSecret ?? "", ["scope"] = "all",
            }),
        };
        var answer = await SendJsonAsync(request, cancellationToken);
        var token = answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty("access_token", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        if (string.IsNullOrEmpty(token)) throw new PsaVendorException("HaloPSA's token endpoint answered without an access_token.");
        var seconds = answer.TryGetProperty("expires_in", out var e) && e.TryGetInt32(out var s) ? s : 3600;
        _haloTokens[instance.Id] = (token, clock.GetUtcNow().AddSeconds(Math.Max(30, seconds - 60)), forCredentials);
        return token;
    }

    private async Task<JsonElement> SendJsonAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(Math.Max(1, options.Value.TimeoutSeconds)));
        HttpResponseMessage response;
        try
        {
            response = await clients.CreateClient(ClientName).SendAsync(request, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new PsaVendorException($"{request.RequestUri!.Host} did not answer within {options.Value.TimeoutSeconds:N0} s.");
        }
        catch (HttpRequestException ex) when (ex.InnerException is Data.Api.WebhookTargetRefusedException refused)
        {
            throw new PsaVendorException("refused: " + refused.Message, inner: ex);
        }
        catch (HttpRequestException ex)
        {
            throw new PsaVendorException($"{request.RequestUri!.Host} could not be reached: {ex.Message}", inner: ex);
        }
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(timeout.Token);
            if (!response.IsSuccessStatusCode)
                throw new PsaVendorException($"{request.Method} {request.RequestUri!.AbsolutePath} answered {(int)response.StatusCode}: {Shorten(text)}", (int)response.StatusCode);
            if (string.IsNullOrWhiteSpace(text)) return default;
            try
            {
                return JsonDocument.Parse(text).RootElement.Clone();
            }
            catch (JsonException)
            {
                throw new PsaVendorException($"{request.Method} {request.RequestUri!.AbsolutePath} answered {(int)response.StatusCode} with something that is not JSON: {Shorten(text)}", (int)response.StatusCode);
            }
        }
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
