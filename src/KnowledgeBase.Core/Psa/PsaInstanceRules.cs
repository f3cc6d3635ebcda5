using System.Text.RegularExpressions;

namespace KnowledgeBase.Core.Psa;

/// <summary>What a PSA instance's settings must be, and their normal form (one home for the rules the admin page and the stores share).</summary>
public static partial class PsaInstanceRules
{
    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,39}$")]
    private static partial Regex SlugPattern();

    public static string NormalizeSlug(string? slug) => (slug ?? "").Trim().ToLowerInvariant();

    /// <summary>The frame origins as CSP source expressions, one per line, or the problem with the first bad one.</summary>
    public static string? NormalizeOrigins(string? text, out string normalized)
    {
        var origins = new List<string>();
        foreach (var raw in (text ?? "").Split(['\n', '\r', ' ', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (NormalizeOrigin(raw, out var origin) is { } problem)
            {
                normalized = "";
                return problem;
            }
            if (!origins.Contains(origin)) origins.Add(origin);
        }
        normalized = string.Join('\n', origins);
        return normalized.Length > PsaInstance.MaxOriginsLength ? $"At most {PsaInstance.MaxOriginsLength} characters of origins." : null;
    }

    /// <summary>
    /// An origin the panel may be framed by: <c>https://host[:port]</c>, optionally <c>https://*.host</c> for every
    /// subdomain; plain http only for loopback (a PSA on the same machine, tests). No path, query, user or fragment:
    /// <c>frame-ancestors</c> compares origins.
    /// </summary>
    public static string? NormalizeOrigin(string raw, out string origin)
    {
        origin = "";
        var wildcard = raw.Contains("://*.", StringComparison.Ordinal);
        var parseable = wildcard ? raw.Replace("://*.", "://wildcard.", StringComparison.Ordinal) : raw;
        if (!Uri.TryCreate(parseable.TrimEnd('/'), UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
            return $"'{raw}' is not an origin such as https://acme.halopsa.com.";
        if (uri.PathAndQuery != "/" || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
            return $"'{raw}' has a path, query or user: give only the origin (scheme, host and port), e.g. {uri.Scheme}://{uri.Authority}.";
        if (uri.Scheme == "http" && !uri.IsLoopback)
            return $"'{raw}' is not https: a PSA is framed over https (plain http only for localhost).";
        var host = wildcard ? "*." + uri.Host["wildcard.".Length..] : uri.Host;
        origin = $"{uri.Scheme}://{host}" + (uri.IsDefaultPort ? "" : ":" + uri.Port);
        return null;
    }

    /// <summary>A vendor REST base: absolute https (http only for loopback), no query or credentials; kept without a trailing slash.</summary>
    public static string? NormalizeApiBase(string? raw, out string? normalized)
    {
        normalized = null;
        if (string.IsNullOrWhiteSpace(raw)) return null;
        if (raw.Length > PsaInstance.MaxUrlLength) return $"At most {PsaInstance.MaxUrlLength} characters.";
        if (!Uri.TryCreate(raw.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
            return $"'{raw}' is not an absolute https URL.";
        if (uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
            return "Give the REST base without a query, fragment or credentials (credentials go in their own fields).";
        if (uri.Scheme == "http" && !uri.IsLoopback) return $"'{raw}' is not https.";
        normalized = uri.GetLeftPart(UriPartial.Path).TrimEnd('/');
        return null;
    }

    public static Dictionary<string, string> Validate(PsaInstance instance)
    {
        var errors = new Dictionary<string, string>();
        if (!SlugPattern().IsMatch(instance.Slug))
            errors["slug"] = "The address name is 2–40 lower-case letters, digits or dashes, starting with a letter or digit (e.g. halo-main).";
        if (!Enum.IsDefined(instance.System)) errors["system"] = "Choose ConnectWise PSA, Autotask or HaloPSA.";
        if (string.IsNullOrWhiteSpace(instance.DisplayName)) errors["displayName"] = "The name is required.";
        else if (instance.DisplayName.Length > 100) errors["displayName"] = "The name must be at most 100 characters.";
        if (string.IsNullOrWhiteSpace(instance.TicketInstance)) errors["ticketInstance"] = "The tickets' instance is required: the instance part of the tickets' key (e.g. acme.halopsa.com).";
        else if (instance.TicketInstance.Length > Tickets.Ticket.MaxInstanceLength || instance.TicketInstance.Any(char.IsControl))
            errors["ticketInstance"] = $"The tickets' instance must be at most {Tickets.Ticket.MaxInstanceLength} characters without control characters.";
        if (NormalizeOrigins(instance.FrameOrigins, out _) is { } origins) errors["frameOrigins"] = origins;
        if (NormalizeApiBase(instance.ApiBaseUrl, out _) is { } api) errors["apiBaseUrl"] = api;
        if (instance.ClosedStatuses.Length > 200) errors["closedStatuses"] = "At most 200 characters.";
        if (instance.ReceiverUserName is { Length: > 200 }) errors["receiverUserName"] = "At most 200 characters.";
        if (instance.WriteBackEnabled && !instance.HasApi) errors["writeBackEnabled"] = "Write-back posts notes through the PSA's REST API: set its base URL and credentials first.";
        return errors;
    }
}
