using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Web.Api;

/// <summary>Absolute links to the site's article pages: <c>Api:PublicBaseUrl</c>, else the request's host, else the server's first address.</summary>
public sealed class ApiUrls(IOptions<ApiOptions> options, IServer server)
{
    public string Article(string id, HttpRequest? request = null) => $"{BaseUrl(request)}/articles/{Uri.EscapeDataString(id)}";

    public string BaseUrl(HttpRequest? request = null)
    {
        if (options.Value.PublicBaseUrl is { Length: > 0 } configured) return configured.TrimEnd('/');
        if (request is not null) return $"{request.Scheme}://{request.Host}{request.PathBase}";
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        return (address ?? "http://localhost").Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal).Replace("://[::]", "://localhost", StringComparison.Ordinal).TrimEnd('/');
    }
}
