using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace TestSupport;

/// <summary>
/// A throwaway key-encryption key for a test Host (<c>Identity:KeyEncryption</c>): a PKCS#12 file of mode 0600 next
/// to the data folder, never in it, and the same for every Host on that folder (a restart opens its keys).
/// </summary>
public static class TestKeyEncryptionKey
{
    public const string Setting = "Identity:KeyEncryption:CertificatePath";

    public static string For(string dataDirectory) =>
        Create(Path.TrimEndingDirectorySeparator(dataDirectory) + ".kek.pfx");

    /// <summary>Makes the file if it does not exist yet; returns its path.</summary>
    public static string Create(string path)
    {
        if (File.Exists(path))
        {
            return path;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=Shop test key encryption", rsa, HashAlgorithmName.SHA256,
            RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1),
            DateTimeOffset.UtcNow.AddYears(1));
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using var file = new FileStream(path, options);
            file.Write(certificate.Export(X509ContentType.Pkcs12));
        }
        catch (IOException) when (File.Exists(path))
        {
            // Made by another Host of the same test meanwhile.
        }

        return path;
    }
}
