using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BuildingBlocks.Persistence;

namespace Identity.Keys;

/// <summary>
/// In Development without configuration: a key-encryption key in the user's profile, where user secrets are kept
/// (<c>~/.microsoft/usersecrets</c>, <c>%APPDATA%\Microsoft\UserSecrets</c>), readable by the user alone. It is never
/// under the data folder, so deleting or copying <c>data/</c> leaves it behind, as it should.
/// </summary>
internal static class DevelopmentKeyEncryptionKey
{
    private const string FileName = "key-encryption.pfx";

    public static string Folder()
    {
        var appData = Environment.GetEnvironmentVariable("APPDATA");
        var profile = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var root = string.IsNullOrEmpty(appData)
            ? Path.Combine(profile, ".microsoft", "usersecrets")
            : Path.Combine(appData, "Microsoft", "UserSecrets");
        return Path.Combine(root, "shop-identity");
    }

    public static (X509Certificate2 Certificate, string Path) LoadOrCreate()
    {
        var folder = Folder();
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path))
        {
            PrivateFiles.CreateFolder(folder);
            var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
            using (var file = new FileStream(temporary, PrivateFiles.NewFile(FileMode.CreateNew)))
            {
                file.Write(NewCertificate());
            }

            try
            {
                File.Move(temporary, path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process of this machine made one first (several Hosts starting together): use that one.
                File.Delete(temporary);
            }
        }

        return (X509CertificateLoader.LoadPkcs12FromFile(path, null, X509KeyStorageFlags.EphemeralKeySet), path);
    }

    private static byte[] NewCertificate()
    {
        using var rsa = RSA.Create(3072);
        var request = new CertificateRequest(
            "CN=Shop key encryption (Development)", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.DataEncipherment, critical: true));
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(100));
        return certificate.Export(X509ContentType.Pkcs12);
    }
}
