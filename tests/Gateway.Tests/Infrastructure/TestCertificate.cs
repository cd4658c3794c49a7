using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Gateway.Tests.Infrastructure;

/// <summary>A self-signed localhost / 127.0.0.1 certificate written as PEM files, as Kestrel configuration loads
/// them.</summary>
public sealed class TestCertificate
{
    private TestCertificate(string certificatePath, string keyPath)
    {
        CertificatePath = certificatePath;
        KeyPath = keyPath;
        Certificate = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
    }

    public string CertificatePath { get; }
    public string KeyPath { get; }
    public X509Certificate2 Certificate { get; }

    private static readonly Lazy<TestCertificate> Shared = new(Create);

    /// <summary>One certificate for the whole test run: making one is cheap, but there is no need for more.</summary>
    public static TestCertificate Default => Shared.Value;

    public static TestCertificate Create()
    {
        var folder = Directory.CreateTempSubdirectory("gateway-cert-").FullName;
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions
            .Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        using var certificate = request.CreateSelfSigned(
            DateTimeOffset.UtcNow.AddMinutes(-5),
            DateTimeOffset.UtcNow.AddDays(7));
        var certificatePath = Path.Combine(folder, "gateway.crt");
        var keyPath = Path.Combine(folder, "gateway.key");
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        return new TestCertificate(certificatePath, keyPath);
    }

    public static TestCertificate FromFiles(string certificatePath, string keyPath) => new(certificatePath, keyPath);

    /// <summary>A handler that trusts exactly this certificate (and still checks the host name), nothing from the
    /// machine's stores.</summary>
    public SocketsHttpHandler CreateHandler() => new()
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        // The gateway's telemetry runs in this process too: keep the client from writing its own trace headers.
        ActivityHeadersPropagator = null,
        SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, presented, _, errors) =>
                presented is not null
                && presented.GetRawCertData().AsSpan().SequenceEqual(Certificate.RawData)
                && (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) == SslPolicyErrors.None,
        },
    };
}
