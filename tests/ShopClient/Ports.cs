using System.Net;
using System.Net.Sockets;

namespace ShopClient;

public static class Ports
{
    // Below Linux's ephemeral range (32768-60999): a port the kernel handed to an outgoing connection in the meantime
    // (the suites open thousands) cannot be one of these, as it could with a port from bind(0). Above 25000 are the
    // CI services' fixed ports (PostgreSQL, RabbitMQ), below 10000 the topologies' (5080-5084, 5443).
    private const int First = 10_000, Count = 15_000;
    private static readonly HashSet<int> Given = [];

    /// <summary>A loopback port free a moment ago (taken, then released), never given twice in this process: for a
    /// server to listen on, or to find nobody there.</summary>
    public static int Free()
    {
        for (var attempt = 0; ; attempt++)
        {
            var port = First + Random.Shared.Next(Count);
            lock (Given)
            {
                if (!Given.Add(port))
                {
                    continue;
                }
            }

            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException) when (attempt < 1000)
            {
                // Taken by another process: draw again.
            }
        }
    }
}
