using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace KnowledgeBase.Web.Throttling;

public static class ThrottlingExtensions
{
    /// <summary>
    /// The per-source limits, and who may say which source a request came from: behind a proxy every request comes
    /// from the proxy, so the limits would count all users as one unless <c>Network:TrustedProxies</c> (addresses or
    /// CIDR ranges) names it; then X-Forwarded-For from those addresses only is believed.
    /// </summary>
    public static void AddKnowledgeBaseThrottling(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ThrottlingOptions>().BindConfiguration("Throttling")
            .Validate(o => o.SignInFailures > 0 && o.SignInWindowMinutes > 0 && o.UnauthenticatedApiRequests > 0 && o.UnauthenticatedApiWindowSeconds > 0 && o.MaxTrackedSources > 0,
                "Throttling: every limit and window must be a positive number.")
            .ValidateOnStart();
        builder.Services.AddSingleton<SourceThrottle>();
        var proxies = TrustedProxies(builder.Configuration);
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.KnownIPNetworks.Clear();
            o.KnownProxies.Clear();
            foreach (var network in proxies) o.KnownIPNetworks.Add(network);
        });
    }

    public static void UseKnowledgeBaseForwardedHeaders(this WebApplication app)
    {
        if (TrustedProxies(app.Configuration).Count > 0) app.UseForwardedHeaders();
    }

    /// <summary><c>Network:TrustedProxies</c> as a list or a comma-separated string; a wrong entry stops the site with its name.</summary>
    public static IReadOnlyList<System.Net.IPNetwork> TrustedProxies(IConfiguration configuration)
    {
        var section = configuration.GetSection("Network:TrustedProxies");
        var entries = section.Value is { Length: > 0 } single ? single.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : section.GetChildren().Select(c => c.Value ?? "").Where(v => v.Length > 0).ToArray();
        var networks = new List<System.Net.IPNetwork>();
        foreach (var entry in entries)
        {
            if (System.Net.IPNetwork.TryParse(entry, out var network)) networks.Add(network);
            else if (IPAddress.TryParse(entry, out var address)) networks.Add(new System.Net.IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128));
            else throw new InvalidOperationException($"Network:TrustedProxies holds '{entry}', which is neither an IP address nor a CIDR range such as 10.0.0.0/8.");
        }
        return networks;
    }
}
