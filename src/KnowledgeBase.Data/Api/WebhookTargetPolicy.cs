using System.Net;
using System.Net.Sockets;

namespace KnowledgeBase.Data.Api;

/// <summary>A webhook target the <see cref="WebhookTargetPolicy"/> refuses; the message names the host, the address and why.</summary>
public sealed class WebhookTargetRefusedException(string message) : Exception(message);

/// <summary>
/// Where webhooks may be sent (server-side request forgery guard): http(s) only, and never to an address inside the
/// server's own networks — loopback, unspecified, private (RFC 1918), shared (RFC 6598), link-local, unique-local,
/// site-local, multicast, reserved — nor to a cloud metadata endpoint. A host name is judged by every address it resolves
/// to, at subscription time and again when each delivery connects (DNS can change in between).
/// </summary>
/// <remarks>
/// <paramref name="allowPrivateTargets"/> (<c>Api:Webhooks:AllowPrivateTargets</c>) lets everything but metadata
/// endpoints through, for development and tests; <paramref name="allowedNetworks"/>
/// (<c>Api:Webhooks:AllowedNetworks</c>, CIDR ranges) lets chosen internal receivers through, e.g. an on-premises PSA.
/// Metadata endpoints are refused whatever the settings say.
/// </remarks>
public sealed class WebhookTargetPolicy
{
    private readonly bool _allowPrivate;
    private readonly IReadOnlyList<IPNetwork> _allowed;

    private static readonly IPAddress[] Metadata =
    [
        IPAddress.Parse("169.254.169.254"), // AWS, Azure IMDS, GCP, OpenStack, DigitalOcean…
        IPAddress.Parse("168.63.129.16"),   // Azure wire server
        IPAddress.Parse("100.100.100.200"), // Alibaba Cloud
        IPAddress.Parse("fd00:ec2::254"),   // AWS IMDS over IPv6
    ];

    private static readonly (IPNetwork Network, string What)[] Refused =
    [
        (IPNetwork.Parse("0.0.0.0/8"), "an unspecified (\"this network\") address"),
        (IPNetwork.Parse("10.0.0.0/8"), "a private (RFC 1918) address"),
        (IPNetwork.Parse("100.64.0.0/10"), "a shared (carrier-grade NAT) address"),
        (IPNetwork.Parse("127.0.0.0/8"), "a loopback address"),
        (IPNetwork.Parse("169.254.0.0/16"), "a link-local address"),
        (IPNetwork.Parse("172.16.0.0/12"), "a private (RFC 1918) address"),
        (IPNetwork.Parse("192.0.0.0/24"), "a reserved (IETF protocol) address"),
        (IPNetwork.Parse("192.168.0.0/16"), "a private (RFC 1918) address"),
        (IPNetwork.Parse("198.18.0.0/15"), "a reserved (benchmarking) address"),
        (IPNetwork.Parse("224.0.0.0/4"), "a multicast address"),
        (IPNetwork.Parse("240.0.0.0/4"), "a reserved address"),
        (IPNetwork.Parse("::/128"), "the unspecified address"),
        (IPNetwork.Parse("::1/128"), "a loopback address"),
        (IPNetwork.Parse("100::/64"), "a reserved (discard) address"),
        (IPNetwork.Parse("fc00::/7"), "a unique-local address"),
        (IPNetwork.Parse("fe80::/10"), "a link-local address"),
        (IPNetwork.Parse("fec0::/10"), "a site-local address"),
        (IPNetwork.Parse("ff00::/8"), "a multicast address"),
    ];

    public WebhookTargetPolicy(bool allowPrivateTargets, IEnumerable<string>? allowedNetworks)
    {
        _allowPrivate = allowPrivateTargets;
        var allowed = new List<IPNetwork>();
        foreach (var text in allowedNetworks ?? [])
        {
            if (string.IsNullOrWhiteSpace(text)) continue;
            if (!IPNetwork.TryParse(text.Trim(), out var network))
                throw new ArgumentException($"Api:Webhooks:AllowedNetworks: '{text}' is not a CIDR range such as 10.20.0.0/16 or fd12:3456::/48.", nameof(allowedNetworks));
            allowed.Add(network);
        }
        _allowed = allowed;
    }

    /// <summary>Why the address may not receive webhooks ("a loopback address"), or null when it may.</summary>
    public string? RefusalFor(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (Metadata.Any(m => m.Equals(address))) return "a cloud metadata endpoint";
        if (_allowed.Any(n => n.Contains(address))) return null;
        var refusal = Classify(address);
        return refusal is null || _allowPrivate ? null : refusal;
    }

    /// <summary>Checks a subscription's URL: scheme, then every address its host resolves to. Null when it may be used, else why not.</summary>
    public async Task<string?> CheckUrlAsync(string url, CancellationToken cancellationToken = default)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            return "The url must be an absolute http or https URL.";
        try
        {
            await ResolveAsync(uri.IdnHost, cancellationToken);
            return null;
        }
        catch (WebhookTargetRefusedException ex)
        {
            return "The url is refused: " + ex.Message;
        }
    }

    /// <summary>The addresses of a host when every one of them may receive webhooks; otherwise throws naming the refused one.</summary>
    /// <exception cref="WebhookTargetRefusedException">The host does not resolve, or resolves to an address the policy refuses.</exception>
    public async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken = default)
    {
        var name = host.Trim('[', ']');
        IPAddress[] addresses;
        if (IPAddress.TryParse(name, out var literal)) addresses = [literal];
        else
        {
            try
            {
                addresses = await Dns.GetHostAddressesAsync(name, cancellationToken);
            }
            catch (SocketException ex)
            {
                throw new WebhookTargetRefusedException($"{host} does not resolve ({ex.SocketErrorCode}).");
            }
        }
        if (addresses.Length == 0) throw new WebhookTargetRefusedException($"{host} does not resolve.");
        foreach (var address in addresses)
        {
            if (RefusalFor(address) is { } why)
                throw new WebhookTargetRefusedException(Equals(name, address.ToString()) ? $"{address} is {why}." : $"{host} resolves to {address}, {why}.");
        }
        return addresses;
    }

    private static string? Classify(IPAddress address)
    {
        // IPv6 forms that carry an IPv4 address are judged by that address.
        if (address.AddressFamily == AddressFamily.InterNetworkV6 && Embedded(address) is { } v4) return Classify(v4);
        return Refused.FirstOrDefault(r => r.Network.Contains(address)).What;
    }

    private static IPAddress? Embedded(IPAddress v6)
    {
        var b = v6.GetAddressBytes();
        // NAT64 64:ff9b::/96 and the deprecated IPv4-compatible ::a.b.c.d (not :: or ::1).
        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b.AsSpan(4, 8).IndexOfAnyExcept((byte)0) < 0) return new IPAddress(b[12..16]);
        if (b.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0 && !(b[12] == 0 && b[13] == 0 && b[14] == 0 && b[15] <= 1)) return new IPAddress(b[12..16]);
        // 6to4 2002:a.b.c.d::/48.
        if (b[0] == 0x20 && b[1] == 0x02) return new IPAddress(b[2..6]);
        return null;
    }
}
