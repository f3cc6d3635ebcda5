using System.Net;
using System.Net.Sockets;

namespace KnowledgeBase.Testing;

/// <summary>Ports for servers the tests start on loopback (sites, receivers, PostgreSQL).</summary>
public static class LoopbackPorts
{
    /// <summary>A port the operating system just handed out and nobody is listening on.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
