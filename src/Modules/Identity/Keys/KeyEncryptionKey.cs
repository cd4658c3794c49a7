using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BuildingBlocks.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Identity.Keys;

/// <summary>
/// The certificate that wraps every key the Identity module keeps in its database, and the replaced ones that may
/// still open keys wrapped before (see <see cref="KeyEncryptionSettings"/>).
/// </summary>
internal sealed class KeyEncryptionKey(
    X509Certificate2 current,
    IReadOnlyList<X509Certificate2> previous,
    string source)
{
    public const string Missing =
        "Identity:KeyEncryption:CertificatePath is not set. Outside Development the Identity module refuses to start "
        + "without a key-encryption key: a certificate with an RSA private key (PKCS#12 or PEM) kept outside the data "
        + "folder and out of backups. It encrypts the token-signing keys and the Data Protection keys in the database. "
        + "See docs/operations.md, \"Key-encryption key\".";

    public X509Certificate2 Current { get; } = current;

    public IReadOnlyList<X509Certificate2> Previous { get; } = previous;

    /// <summary>Where <see cref="Current"/> came from, for messages.</summary>
    public string Source { get; } = source;

    public IEnumerable<X509Certificate2> All => Previous.Prepend(Current);

    /// <summary>The configured key-encryption key; in Development one made in the user's profile if none is
    /// configured; otherwise none, and the process must not start.</summary>
    public static KeyEncryptionKey Resolve(IConfiguration configuration, IHostEnvironment environment)
    {
        var settings = configuration.GetSection(KeyEncryptionSettings.Section).Get<KeyEncryptionSettings>()
            ?? new KeyEncryptionSettings();
        var dataFolder = DataFolder(configuration, environment);
        var previous = settings.Previous
            .Where(p => !string.IsNullOrWhiteSpace(p.CertificatePath))
            .Select(p => Load(p, environment, dataFolder))
            .ToList();
        if (!string.IsNullOrWhiteSpace(settings.CertificatePath))
        {
            var path = FullPath(settings.CertificatePath, environment);
            return new KeyEncryptionKey(Load(settings.Current, environment, dataFolder), previous, path);
        }

        if (!environment.IsDevelopment())
        {
            throw new KeyEncryptionException(Missing);
        }

        var (certificate, file) = DevelopmentKeyEncryptionKey.LoadOrCreate();
        return new KeyEncryptionKey(certificate, previous, file);
    }

    /// <summary>The thumbprint that names a key-encryption key in messages and in the wrapped keys.</summary>
    public static string Name(X509Certificate2 certificate) => certificate.Thumbprint;

    private static X509Certificate2 Load(KeyEncryptionFile file, IHostEnvironment environment, string dataFolder)
    {
        var path = FullPath(file.CertificatePath!, environment);
        var keyPath = string.IsNullOrWhiteSpace(file.KeyPath) ? path : FullPath(file.KeyPath, environment);
        foreach (var candidate in new[] { path, keyPath })
        {
            if (IsUnder(candidate, dataFolder))
            {
                throw new KeyEncryptionException(
                    $"The key-encryption key {candidate} is inside the data folder {dataFolder}: keep it elsewhere, "
                    + "or a copy of the data folder carries the key that opens it.");
            }

            if (!File.Exists(candidate))
            {
                throw new KeyEncryptionException($"The key-encryption key file {candidate} does not exist.");
            }
        }

        X509Certificate2 certificate;
        try
        {
            var extension = Path.GetExtension(path).ToLowerInvariant();
            certificate = extension is ".pem" or ".crt"
                ? string.IsNullOrEmpty(file.CertificatePassword)
                    ? X509Certificate2.CreateFromPemFile(path, keyPath)
                    : X509Certificate2.CreateFromEncryptedPemFile(path, file.CertificatePassword, keyPath)
                : X509CertificateLoader.LoadPkcs12FromFile(
                    path, file.CertificatePassword, X509KeyStorageFlags.EphemeralKeySet);
        }
        catch (CryptographicException exception)
        {
            throw new KeyEncryptionException(
                $"The key-encryption key {path} could not be read (wrong password, or not a certificate with its "
                + $"private key): {exception.Message}", exception);
        }

        using var rsa = certificate.GetRSAPrivateKey();
        return rsa is not null
            ? certificate
            : throw new KeyEncryptionException(
                $"The key-encryption key {path} has no RSA private key: give a certificate with its RSA private key.");
    }

    private static string FullPath(string path, IHostEnvironment environment) =>
        Path.GetFullPath(path, environment.ContentRootPath);

    private static string DataFolder(IConfiguration configuration, IHostEnvironment environment)
    {
        var folder = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>()?.DataDirectory ?? "data";
        return Path.GetFullPath(folder, environment.ContentRootPath);
    }

    private static bool IsUnder(string path, string folder)
    {
        var relative = Path.GetRelativePath(folder, path);
        return relative != path && !relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relative);
    }
}
