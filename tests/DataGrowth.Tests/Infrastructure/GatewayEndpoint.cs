using System.Security.Cryptography.X509Certificates;

namespace DataGrowth.Tests.Infrastructure;

/// <summary>A scaled or split shop, reached through its gateway's HTTPS address with the development certificate
/// trusted.</summary>
internal sealed class GatewayEndpoint(Uri address) : IShopEndpoint, IDisposable
{
    private readonly X509Certificate2 _certificate = DevelopmentCertificate.Load(ScriptedTopology.Certificate);

    public Uri BaseAddress { get; } = address;

    public HttpClient CreateHttpClient(bool handleCookies = false) =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = handleCookies }.Trusting(_certificate))
        {
            BaseAddress = BaseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };

    public void Dispose() => _certificate.Dispose();
}
