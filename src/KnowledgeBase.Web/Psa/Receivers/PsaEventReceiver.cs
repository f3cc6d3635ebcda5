using System.Security.Cryptography;
using System.Text;
using KnowledgeBase.Core.Psa;
using KnowledgeBase.Data.Psa;
using KnowledgeBase.Web.Api;
using KnowledgeBase.Web.Psa.Vendors;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Web.Psa.Receivers;

/// <summary>
/// <c>POST /api/psa/{slug}/events</c>: a PSA's ticket events (docs/psa.md "Receivers"). Each vendor is authenticated as
/// it documents — ConnectWise by <c>x-content-signature</c> with the key its <c>Metadata.key_url</c> names (fetched
/// only from the instance's own ConnectWise), Autotask by <c>X-Hook-Signature</c> (HMAC-SHA1 with the webhook's
/// SecretKey), HaloPSA by the webhook's Basic user and password — before anything else is read. A delivery is applied
/// once; the answer says what became of it. Errors are problem+json.
/// </summary>
public static partial class PsaEventReceiver
{
    public static async Task<IResult> ReceiveAsync(string slug, HttpContext http, PsaInstanceStore instances, PsaTicketSync sync, PsaVendorClient vendors,
        IOptions<PsaOptions> options, ILoggerFactory loggers)
    {
        var cancellationToken = http.RequestAborted;
        var logger = loggers.CreateLogger("KnowledgeBase.Web.Psa.Receivers");
        var instance = await instances.FindAsync(slug, cancellationToken);
        if (instance is null) return Problem(404, ApiProblems.NotFound, "Not found", $"There is no PSA instance '{slug}'. The events URL is /api/psa/{{instance}}/events with the name an Admin gave the instance.");
        if (!instance.ReceiverEnabled)
            return Problem(403, ApiProblems.Forbidden, "Receiving is off", $"{instance.DisplayName} does not receive events: an Admin turns receiving on on the instance's settings page.");

        var max = options.Value.MaxEventBytes;
        if (http.Request.ContentLength > max) return Problem(413, ApiProblems.PayloadTooLarge, "Request body too large", $"An event body may be at most {max:N0} bytes.");
        byte[] body;
        using (var buffer = new MemoryStream())
        {
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await http.Request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > max) return Problem(413, ApiProblems.PayloadTooLarge, "Request body too large", $"An event body may be at most {max:N0} bytes.");
                buffer.Write(chunk, 0, read);
            }
            body = buffer.ToArray();
        }
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(body);
        }
        catch (DecoderFallbackException)
        {
            return Problem(400, ApiProblems.MalformedRequest, "Malformed request", "The event body is not UTF-8 text.");
        }

        if (await AuthenticateAsync(instance, http.Request, body, text, instances, vendors, cancellationToken) is { } refusal)
        {
            LogRefused(logger, instance.Slug, refusal);
            var result = Problem(401, ApiProblems.Unauthorized, "Not authenticated", refusal);
            if (instance.System == PsaSystem.Halo) http.Response.Headers.WWWAuthenticate = "Basic realm=\"KnowledgeBase PSA events\"";
            return result;
        }

        var digest = Convert.ToHexStringLower(SHA256.HashData(body));
        IReadOnlyList<PsaTicketEvent> events;
        try
        {
            events = Parse(instance.System, text);
        }
        catch (PsaPayloadException ex)
        {
            return Problem(400, ApiProblems.Validation, "Event not readable", ex.Message);
        }
        if (events.Count == 0) return TypedResults.Ok(new PsaEventResponse("ignored", [new PsaEventItem("ignored", null, "not a ticket event")]));
        if (await sync.SeenAsync(instance.Id, Digest(digest, events, 0), cancellationToken))
            return TypedResults.Ok(new PsaEventResponse("duplicate", events.Select(e => new PsaEventItem("duplicate", e.TicketId, "this delivery was applied already")).ToList()));

        var items = new List<PsaEventItem>(events.Count);
        for (var i = 0; i < events.Count; i++)
        {
            var change = events[i];
            try
            {
                change = await CompleteAsync(instance, change, sync, vendors, cancellationToken);
            }
            catch (PsaVendorException ex)
            {
                // The PSA retries a delivery that failed: answer so it does, and say what the follow-up read ran into.
                LogFetchFailed(logger, ex, instance.Slug, change.TicketId);
                return Problem(502, ApiProblems.TypePrefix + "psa-unavailable", "The PSA could not be read",
                    $"The event names ticket {change.TicketId}, which has to be read from {instance.System.Display()}: {ex.Message}");
            }
            if (change.NeedsFetch)
            {
                items.Add(new PsaEventItem("ignored", change.TicketId,
                    $"the event carries only the ticket's id and {instance.DisplayName} has no REST credentials to read the ticket: an Admin sets them on the instance's settings page"));
                LogNoApi(logger, instance.Slug, change.TicketId);
                continue;
            }
            try
            {
                var result = await sync.ApplyAsync(instance, Digest(digest, events, i), change, cancellationToken);
                items.Add(new PsaEventItem(result.Wire, result.TicketId, result.Detail));
            }
            catch (Core.Tickets.LedgerValidationException ex)
            {
                return Problem(422, ApiProblems.Validation, "Ticket not stored", $"Ticket {change.TicketId} could not be stored: {ex.Message}");
            }
        }
        return TypedResults.Ok(new PsaEventResponse(items.Count == 1 ? items[0].Status : "batch", items));
    }

    private static string Digest(string digest, IReadOnlyList<PsaTicketEvent> events, int index) => events.Count == 1 ? digest : $"{digest[..56]}#{index:D3}";

    private static IReadOnlyList<PsaTicketEvent> Parse(PsaSystem system, string text) => system switch
    {
        PsaSystem.ConnectWise => ConnectWisePayload.Parse(text).Ticket is { } cw ? [cw] : [],
        PsaSystem.Autotask => AutotaskPayload.Parse(text).Ticket is { } at ? [at] : [],
        PsaSystem.Halo => HaloPayload.Parse(text),
        _ => [],
    };

    /// <summary>Null when the request is the vendor's, else why not (said to the caller: it is its own configuration).</summary>
    private static async Task<string?> AuthenticateAsync(PsaInstance instance, HttpRequest request, byte[] body, string text, PsaInstanceStore instances, PsaVendorClient vendors,
        CancellationToken cancellationToken)
    {
        switch (instance.System)
        {
            case PsaSystem.Autotask:
            {
                var header = request.Headers["X-Hook-Signature"].ToString();
                if (header.Length == 0) return "The request has no X-Hook-Signature header (Autotask signs each webhook with the SecretKey it was created with).";
                return PsaSignatures.AutotaskValid(instances.ReceiverSecret(instance) ?? "", body, header)
                    ? null
                    : "The X-Hook-Signature does not match the body signed with this instance's receiver secret (sha1= and the base64 HMAC-SHA1 of the raw body). Was the webhook created with the secret shown on the instance's page?";
            }
            case PsaSystem.Halo:
                return PsaSignatures.BasicValid(instance.ReceiverUserName ?? "", instances.ReceiverSecret(instance) ?? "", request.Headers.Authorization.ToString())
                    ? null
                    : "The webhook's Basic user name and password are not this instance's (set Authentication to Basic with the user name and receiver secret shown on the instance's page).";
            case PsaSystem.ConnectWise:
            {
                var header = request.Headers["x-content-signature"].ToString();
                if (header.Length == 0) return "The request has no x-content-signature header (ConnectWise PSA signs each callback).";
                string? keyUrl;
                try
                {
                    keyUrl = ConnectWisePayload.Parse(text).KeyUrl;
                }
                catch (PsaPayloadException ex)
                {
                    return "The callback cannot be checked: " + ex.Message;
                }
                if (keyUrl is null) return "The callback has no Metadata.key_url to check its signature with.";
                try
                {
                    var key = await vendors.ConnectWiseSigningKeyAsync(instance, keyUrl, cancellationToken);
                    return PsaSignatures.ConnectWiseValid(key, body, header) ? null : "The x-content-signature does not match the body signed with the key of Metadata.key_url.";
                }
                catch (PsaVendorException ex)
                {
                    return "The callback's signing key could not be fetched: " + ex.Message;
                }
            }
            default:
                return "Unknown PSA.";
        }
    }

    /// <summary>
    /// Reads what the event leaves out from the PSA when it must: a ConnectWise callback without its entity always; an
    /// Autotask update without a title only for a ticket this site has not seen; an Autotask company id to its name.
    /// </summary>
    private static async Task<PsaTicketEvent> CompleteAsync(PsaInstance instance, PsaTicketEvent change, PsaTicketSync sync, PsaVendorClient vendors, CancellationToken cancellationToken)
    {
        if (change.NeedsFetch && instance.System == PsaSystem.Autotask)
        {
            var key = new Core.Tickets.TicketKey(instance.System.Wire(), instance.TicketInstance, change.TicketId);
            if (await sync.KnownAsync(key, cancellationToken)) change = change with { NeedsFetch = false };
        }
        if (change.NeedsFetch && instance.HasApi)
            change = change.Merge(await vendors.FetchTicketAsync(instance, change.TicketId, cancellationToken));
        if (change.Client is null && change.ClientId is { } company && instance.System == PsaSystem.Autotask && instance.HasApi)
            change = change with { Client = await vendors.CompanyNameAsync(instance, company, cancellationToken) };
        return change;
    }

    private static IResult Problem(int status, string type, string title, string detail) => TypedResults.Problem(ApiProblems.Create(status, type, title, detail));

    [LoggerMessage(Level = LogLevel.Warning, Message = "PSA {Instance}: event refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string instance, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "PSA {Instance}: ticket {Ticket} could not be read from the PSA")]
    private static partial void LogFetchFailed(ILogger logger, Exception exception, string instance, string ticket);

    [LoggerMessage(Level = LogLevel.Warning, Message = "PSA {Instance}: ticket {Ticket} arrived without its fields and the instance has no REST credentials to read it")]
    private static partial void LogNoApi(ILogger logger, string instance, string ticket);
}

/// <summary>What became of a delivery: applied, duplicate, stale or ignored per ticket (batch for several).</summary>
public sealed record PsaEventResponse(string Status, IReadOnlyList<PsaEventItem> Items);

public sealed record PsaEventItem(string Status, string? Ticket, string Detail);
