using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace ShopClient;

public static class DevelopmentCertificate
{
    /// <summary>
    /// Trusts exactly <paramref name="certificate"/> (the gateway's self-signed development certificate, as
    /// <c>scripts/dev-cert.sh</c> makes it) besides what the system trusts; nothing else that fails validation.
    /// </summary>
    public static SocketsHttpHandler Trusting(this SocketsHttpHandler handler, X509Certificate2? certificate)
    {
        if (certificate is not null)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, presented, _, errors) =>
                errors == SslPolicyErrors.None
                || (errors == SslPolicyErrors.RemoteCertificateChainErrors && presented is not null
                    && presented.GetRawCertData().AsSpan().SequenceEqual(certificate.RawData));
        }

        return handler;
    }

    /// <summary>A PEM certificate file (no key).</summary>
    public static X509Certificate2 Load(string path) => X509Certificate2.CreateFromPem(File.ReadAllText(path));
}
