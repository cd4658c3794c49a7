using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Shop.Client.Tests;

public sealed class TransportTests
{
    [Fact]
    public async Task A_cookie_that_one_answer_sets_is_not_sent_with_the_next_request()
    {
        // One client serves many users (the storefront's does): a cookie kept from one user's call would go out with
        // the next user's.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var requests = new List<string>();
        var server = Task.Run(async () =>
        {
            for (var i = 0; i < 2; i++)
            {
                using var connection = await listener.AcceptTcpClientAsync();
                var stream = connection.GetStream();
                requests.Add(await ReadHeadAsync(stream));
                var cookie = i == 0 ? "Set-Cookie: session=alice; Path=/\r\n" : "";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(
                    $"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n{cookie}Connection: close\r\n\r\n{{}}"));
            }
        });
        using var http = ShopApiFactory.CreateHttpClient(
            new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}"));

        (await http.GetAsync("/api/cart")).Dispose();
        (await http.GetAsync("/api/cart")).Dispose();
        await server.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(2, requests.Count);
        Assert.DoesNotContain(
            requests[1].Split("\r\n"), line => line.StartsWith("Cookie:", StringComparison.OrdinalIgnoreCase));
    }

    private static async Task<string> ReadHeadAsync(NetworkStream stream)
    {
        var head = new StringBuilder();
        var buffer = new byte[1024];
        while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer);
            if (read == 0)
            {
                break;
            }

            head.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        return head.ToString();
    }
}
