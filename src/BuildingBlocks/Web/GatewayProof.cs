using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace BuildingBlocks.Web;

/// <summary>
/// The header by which a request proves it comes through the gateway: <c>ForwardedHeaders:GatewaySecret</c> on the
/// Hosts, <c>Gateway:ForwardedSecret</c> on the gateway, the same value. A known proxy address alone is not proof
/// (on one machine it is 127.0.0.1, which every local client has), so <c>X-Forwarded-*</c> is believed only with
/// this header (L9).
/// </summary>
public static class GatewayProof
{
    public const string Header = "X-Gateway-Secret";

    public static bool IsPresent(HttpContext http, byte[] secret)
    {
        var sent = http.Request.Headers[Header].ToString();
        if (sent.Length == 0)
        {
            return false;
        }

        // Removed once read: nothing downstream (logs, a proxied call) gets to see it.
        http.Request.Headers.Remove(Header);
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(sent), secret);
    }
}
