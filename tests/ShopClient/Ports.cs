using System.Net;
using System.Net.Sockets;

namespace ShopClient;

public static class Ports
{
    /// <summary>A loopback port free a moment ago (taken, then released): for a server to listen on, or to find nobody
    /// there.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
